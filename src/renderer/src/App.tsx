import { useState } from 'react';
import type { ModelSort } from '../../shared/domain';
import { Sidebar } from './components/Sidebar';
import { useCall, useEvent } from './ipc';
import { ModelsView } from './views/ModelsView';

export function App(): React.JSX.Element {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<ModelSort>('name');
  const info = useCall(() => window.api.app.info(), []);
  const models = useCall(() => window.api.library.listModels({ sort, filter }), [sort, filter]);
  useEvent('library:changed', models.reload);

  return (
    <div className="app">
      <Sidebar models={models} filter={filter} onFilter={setFilter} version={info.state === 'ready' ? info.data.version : ''} />
      <main className="main" aria-label="Library">
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <span aria-current="page">Library</span>
        </nav>
        <ModelsView models={models} sort={sort} onSort={setSort} filter={filter} />
      </main>
    </div>
  );
}
