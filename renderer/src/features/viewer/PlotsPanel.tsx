// Placeholder until the feature lands.
export function PlotsPanel() {
  return <div className="placeholder">PlotsPanel</div>;
}
