// Keeps one broken panel from taking the app down: a render error inside shows what broke
// and a button that mounts the panel again; everything outside goes on as before.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import './error-boundary.css';

interface Props {
  /** What the panel is, for the message: "3D view", "Chat". */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.name} panel failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-error" role="alert" data-testid="panel-error">
        <p>
          <strong>The {this.props.name} stopped working</strong>: {error.message || String(error)}
        </p>
        <p className="muted">The rest of TwinForge is unaffected, and nothing you made is lost.</p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Show the {this.props.name} again
        </button>
      </div>
    );
  }
}
