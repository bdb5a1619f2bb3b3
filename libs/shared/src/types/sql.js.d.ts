declare module 'sql.js' {
  const initSqlJs: (config?: object) => Promise<unknown>;
  export default initSqlJs;
}
