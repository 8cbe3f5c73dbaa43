/** Reply letters and notices of a request (pure): the model, the composers, the renderers. */
export * from './letter.js'
export { composeLetter } from './compose.js'
export { REPLY_TITLES } from './compose-reply.js'
export { chineseDate, defaultLetterPrefix, letterNumber } from './letter-text.js'
export * from './remedies.js'
export { renderLetterDocx } from './letter-docx.js'
export * from './letters.views.js'
