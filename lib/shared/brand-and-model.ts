const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

/**
 * "Schlage Encode Plus": the model name, with the maker in front unless the name already has it
 * ("August Wi-Fi Smart Lock"); the maker alone when there is no model name.
 */
export function brandAndModel(lock: { manufacturer: string; modelName: string }): string {
  const brand = capitalise(lock.manufacturer.trim())
  const model = lock.modelName.trim()
  if (model === '') return brand
  if (brand === '' || model.toLowerCase().includes(brand.toLowerCase())) return model
  return `${brand} ${model}`
}
