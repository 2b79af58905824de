// The app: connects everything to the host through the composition root (connect.ts) once
// per host, puts the lanes in context, and shows the workspace.
import { useEffect, useState } from 'react';
import type { PlatformHost } from '../platform/types';
import { connectApp } from './connect';
import { LanesContext, type Lanes } from './lanes';
import { Workspace } from './Workspace';

export function App({ host }: { host: PlatformHost }) {
  const [lanes, setLanes] = useState<Lanes | null>(null);
  useEffect(() => {
    const app = connectApp(host);
    setLanes(app.lanes);
    return () => {
      app.dispose();
      setLanes(null);
    };
  }, [host]);
  if (!lanes) return null;
  return (
    <LanesContext.Provider value={lanes}>
      <Workspace host={host} />
    </LanesContext.Provider>
  );
}
