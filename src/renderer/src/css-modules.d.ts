/** CSS Modules (Vite): class names scoped to the component that imports them. */
declare module '*.module.css' {
  const classes: Readonly<Record<string, string>>;
  export default classes;
}
