/**
 * A minimal post target for the uploads e2e spec: the real drop zone and
 * transfers panel, mounted on their own until the library's post view (built
 * in parallel) hosts them.
 */
import { createRoot } from 'react-dom/client';
import '../../../src/renderer/src/styles/app.css';
import { TransfersPanel } from '../../../src/renderer/src/uploads/TransfersPanel';
import { UploadDropZone } from '../../../src/renderer/src/uploads/UploadDropZone';

const params = new URLSearchParams(location.search);
const model = params.get('model') || undefined;
const post = params.get('post') ?? undefined;

createRoot(document.getElementById('root')!).render(
  <div style={{ display: 'grid', gridTemplateColumns: '1fr 440px', height: '100vh' }}>
    <UploadDropZone target={{ model, post }}>
      <div style={{ padding: 24 }}>
        <h1 style={{ margin: 0, fontSize: 20 }}>{model === undefined ? 'Library' : post ? `${model} › ${post}` : model}</h1>
        <p className="muted">Drop photos and videos here.</p>
      </div>
    </UploadDropZone>
    <TransfersPanel />
  </div>,
);
