/**
 * An English area has exactly the keys of its zh-CN source, nested the same way, every value a
 * string: a missing or extra key is a type error (and the locale test says which).
 */
export type Mirror<T> = { readonly [K in keyof T]: T[K] extends string ? string : Mirror<T[K]> };
