/** What a code is called on screen: its name, or "Unnamed code" when it has none (or only spaces). */
export const codeDisplayName = (code: { name?: string | null | undefined }): string => {
  const name = code.name?.trim() ?? ''
  return name === '' ? 'Unnamed code' : name
}
