/** Strings of the developer area (zh-CN, the source). */
export default {} as const;
