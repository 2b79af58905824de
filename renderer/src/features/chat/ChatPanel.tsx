// Placeholder until the feature lands.
export function ChatPanel() {
  return <div className="placeholder">ChatPanel</div>;
}
