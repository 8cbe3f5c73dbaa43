import { TextField } from '../../http/layout.js'
import type { Organ } from './organ.js'
import { organSuggestion } from './organ-lookup.service.js'

/** The name of the radio group that carries a picked choice: `<name>Pick`. */
export function organPickName(name: string): string {
  return `${name}Pick`
}

/**
 * A searchable organ choice that works without JavaScript for any number of organs: a text field
 * for a name, short name or code with a `<datalist>` of suggestions; when what was typed matches
 * several organs the page comes back with them as radio buttons ("did you mean"), the last one
 * keeping the typed text. Read it back with `organFieldText` + `resolveOrganText`.
 */
export function OrganField(props: {
  name: string
  label: string
  value?: string | undefined
  errors?: string[] | undefined
  hint?: string
  required?: boolean
  /** A few likely organs (the person's own, the current level): the datalist. */
  suggestions?: ReadonlyArray<Pick<Organ, 'name' | 'code'>>
  /** Shown after an ambiguous entry. */
  choices?: ReadonlyArray<Pick<Organ, 'id' | 'name' | 'code'>> | undefined
}) {
  const listId = `f-${props.name}-list`
  const pick = organPickName(props.name)
  return (
    <div class="organ-field">
      <TextField
        name={props.name}
        label={props.label}
        value={props.value}
        errors={props.errors}
        required={props.required}
        hint={props.hint ?? '输入机关名称、简称或机构代码（统一社会信用代码或组织机构代码）'}
        autocomplete="off"
        maxLength={120}
        list={props.suggestions && props.suggestions.length > 0 ? listId : undefined}
      />
      {props.suggestions && props.suggestions.length > 0 ? (
        <datalist id={listId}>
          {props.suggestions.map((o) => (
            <option value={organSuggestion(o)} />
          ))}
        </datalist>
      ) : null}
      {props.choices && props.choices.length > 0 ? (
        <fieldset class="organ-choices">
          <legend>您要找的是：</legend>
          {props.choices.map((o, i) => (
            <div class="field-check">
              <input type="radio" id={`${listId}-${i}`} name={pick} value={o.id} />
              <label for={`${listId}-${i}`}>
                {o.name} <span class="muted code">{o.code}</span>
              </label>
            </div>
          ))}
          <div class="field-check">
            <input type="radio" id={`${listId}-none`} name={pick} value="" checked />
            <label for={`${listId}-none`}>都不是，按上面输入的内容查找</label>
          </div>
        </fieldset>
      ) : null}
    </div>
  )
}

/** What an organ field submitted: a picked choice (an organ id) wins over the typed text. */
export function organFieldText(body: Record<string, unknown> | undefined, name: string): string {
  const picked = body?.[organPickName(name)]
  if (typeof picked === 'string' && picked.trim() !== '') {
    return picked
  }
  const typed = body?.[name]
  return typeof typed === 'string' ? typed : ''
}
