/** Strings of the home area (zh-CN, the source). */
export default {} as const;
