/** Strings of the audit area (zh-CN, the source). */
export default {} as const;
