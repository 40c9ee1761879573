// Insert reference: put the chosen document's token where the cursor is, without a round trip to the server.
// Without JavaScript the button posts the form and the server adds the token at the end of the text.
for (const form of document.querySelectorAll('[data-module="app-reference-inserter"]')) {
  const text = form.querySelector('[data-reference-target]')
  const select = form.querySelector('[data-reference-select]')
  const button = form.querySelector('[data-reference-insert]')
  if (!text || !select || !button) continue
  let cursor = text.value.length
  const remember = () => { cursor = text.selectionStart }
  text.addEventListener('keyup', remember)
  text.addEventListener('click', remember)
  text.addEventListener('blur', remember)
  button.addEventListener('click', (event) => {
    if (!select.value) return // let the server say "Select the document to cite"
    event.preventDefault()
    const token = `[[doc:${select.value}]]`
    const before = text.value.slice(0, cursor)
    const after = text.value.slice(cursor)
    const space = before && !/\s$/.test(before) ? ' ' : ''
    text.value = before + space + token + after
    cursor = before.length + space.length + token.length
    text.focus()
    text.setSelectionRange(cursor, cursor)
  })
}
