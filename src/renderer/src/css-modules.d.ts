/** CSS Modules (Vite): class names scoped to the component that imports them; test/unit/renderer/styles.test.ts checks each one used exists. */
declare module '*.module.css' {
  const classes: Readonly<Record<string, string>>;
  export default classes;
}
