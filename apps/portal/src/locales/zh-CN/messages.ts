/** Strings of the messages area (zh-CN, the source). */
export default {} as const;
