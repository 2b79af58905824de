// Placeholder until the feature lands.
export function ViewerPanel() {
  return <div className="placeholder">ViewerPanel</div>;
}
