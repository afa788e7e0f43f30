import { useLayoutEffect, useState } from 'react';

/**
 * The inner width of the element `ref` points at, kept current by a
 * ResizeObserver (0 until it is mounted). Follows the ref to a new element
 * when the component mounts one later (a results list that appears).
 */
export function useElementWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  const [element, setElement] = useState<HTMLElement | null>(null);
  // After every render on purpose (a ref changes without one); it sets state only when the element changed, so it settles.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    if (ref.current !== element) setElement(ref.current);
  });
  useLayoutEffect(() => {
    if (!element) return;
    const measure = () => setWidth(element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}
