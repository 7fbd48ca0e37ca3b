/** A timestamp in the viewer's locale, or "—" when there is none. */
export const when = (t: string | null) => (t ? new Date(t).toLocaleString() : "—")
