import { Link } from '@tanstack/react-router';
import { Fragment } from 'react';
import styles from './Breadcrumbs.module.css';
import { usePlace } from './place';

/** Library › Model › Post (or › Search; or Recently shared): each step back up is a link. */
export function Breadcrumbs(): React.JSX.Element {
  const place = usePlace();
  const steps: React.ReactNode[] = [];
  if (place.view === 'shared') steps.push(<Current key="shared">Recently shared</Current>);
  else {
    steps.push(
      place.view === 'models' ? (
        <Current key="library">Library</Current>
      ) : (
        <Link key="library" to="/" activeOptions={{ exact: true }} className={styles.crumb}>
          Library
        </Link>
      ),
    );
    if (place.view === 'model') steps.push(<Current key="model">{place.model}</Current>);
    if (place.view === 'post') {
      steps.push(
        <Link key="model" to="/models/$model" params={{ model: place.model }} activeOptions={{ exact: true }} className={styles.crumb}>
          {place.model}
        </Link>,
        <Current key="post">{place.post}</Current>,
      );
    }
    if (place.view === 'search') steps.push(<Current key="search">Search</Current>);
  }
  return (
    <nav className={styles.crumbs} aria-label="Breadcrumbs">
      {steps.map((step, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <span className={styles.separator} aria-hidden>
              ›
            </span>
          )}
          {step}
        </Fragment>
      ))}
    </nav>
  );
}

function Current({ children }: { children: React.ReactNode }): React.JSX.Element {
  return (
    <span className={styles.current} aria-current="page">
      {children}
    </span>
  );
}
