// Issue 12 (mutation score of lib/access-codes/update-access-code.ts): a PIN changed on the keypad that the code was
// allowed to keep shows a code_modified_external_to_seam warning until a change made through the API acknowledges it.
import { describe, expect, it } from 'vitest'
import { codeChangedOnKeypad, getCode, http, settle, stateOf } from '@/tests/support/simulation-api'

describe('/access_codes/update after a change made on the keypad', () => {
  it('clears the code_modified_external_to_seam warning and keeps the PIN the keypad holds', async () => {
    const id = await codeChangedOnKeypad()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: ['code_modified_external_to_seam'] })

    await http.ok('/access_codes/update', { access_code_id: id, name: 'Seen it' })
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await getCode(id)).toMatchObject({ name: 'Seen it', code: '9137' })
  })
})
