/** The columns an import file has, as the issue and the README describe them. */
const columns: { name: string; required: boolean; meaning: string }[] = [
  {
    name: 'reservation_key',
    required: true,
    meaning: 'The stay’s key in your booking system. A key seen before updates that stay.',
  },
  { name: 'guest_name', required: true, meaning: 'Who the stay is for; the codes are named after them.' },
  { name: 'property', required: true, meaning: 'The property’s name or id.' },
  { name: 'locks', required: true, meaning: 'The doors: lock names or ids, separated by “;”.' },
  {
    name: 'check_in',
    required: true,
    meaning: 'YYYY-MM-DD HH:mm on the property’s clock, or ISO 8601 with an offset.',
  },
  { name: 'check_out', required: true, meaning: 'The same, after check-in.' },
  { name: 'code', required: false, meaning: 'A PIN. Empty: Latchkey picks one every door of the stay accepts.' },
]

/** The file's columns: any order, any case; other columns are ignored. */
export function ImportColumns() {
  return (
    <div className="space-y-2">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Columns of an import file</caption>
        <thead className="text-xs font-semibold text-slate-600">
          <tr>
            <th scope="col" className="py-1.5 pr-3">
              Column
            </th>
            <th scope="col" className="py-1.5">
              Meaning
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {columns.map((column) => (
            <tr key={column.name}>
              <th scope="row" className="py-1.5 pr-3 font-normal">
                <code className="font-mono text-xs text-slate-900">{column.name}</code>
                {!column.required && <span className="block text-xs text-slate-500">optional</span>}
              </th>
              <td className="py-1.5 text-slate-700">{column.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600">
        A header row names the columns, in any order and any case; other columns are ignored. UTF-8, commas, quotes
        around a value that holds a comma, at most 5,000 rows.
      </p>
    </div>
  )
}
