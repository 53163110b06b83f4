/** Strings of the users area (zh-CN, the source). */
export default {} as const;
