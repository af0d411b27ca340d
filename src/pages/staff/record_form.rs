//! A record typed column by column: the form of a penalty and of an officer. Each sends the very
//! columns of its import layout, read by the same parser, so a form and a spreadsheet are refused
//! for the same reasons; each problem is said at its field and in a summary whose links focus the
//! field. What is typed is kept on this device for the one who typed it.

use crate::i18n::{Key, Lang, use_i18n};
use gongshi_domain::api::DistrictView;
use gongshi_domain::staff::Grant;
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// How a column is typed.
#[derive(Debug)]
pub enum Control {
    /// One line; a date shows its format.
    Text { date: bool },
    /// Several lines.
    Long,
    /// One of a list: (value sent, its label in the language if it has one, else the name).
    Choose(Vec<(String, Option<Key>, String)>),
    /// Any of a list, sent joined with `、` (the way a spreadsheet cell lists them): (value, label).
    Several(Vec<(String, Key)>),
}

/// What the form's lists are drawn from: the district, and what the signed-in person may enter.
#[derive(Debug)]
pub struct Lists<'a> {
    pub district: &'a DistrictView,
    pub grant: Option<&'a Grant>,
}

/// A column of an import layout as a form field.
pub trait FormColumn: Copy + Ord + Serialize + Send + Sync + 'static {
    /// The prefix of the fields' ids (`pf-decision_number`).
    const PREFIX: &'static str;
    fn label(self) -> Key;
    fn hint(self) -> Option<Key>;
    fn required(self) -> bool;
    fn control(self, lists: &Lists<'_>) -> Control;
    /// Whether the draft on this device keeps what is typed here. Identity numbers, telephones
    /// and home addresses are not left in the browser's storage: they are typed again after a
    /// reload.
    fn kept_in_draft(self) -> bool {
        true
    }
}

/// A problem the server found with a record, at a column or with the whole record.
pub trait FormProblem: Clone + Send + Sync + 'static {
    type Column: FormColumn;
    fn column(&self) -> Option<Self::Column>;
    fn text(&self, lang: Lang) -> String;
}

/// The id of a column's field.
pub fn field_id<C: FormColumn>(c: C) -> String {
    format!("{}-{}", C::PREFIX, crate::components::list::spelling(&c))
}

/// Moves focus to a field (a summary's link: the router would take `#id` as a navigation).
fn focus_field(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id(id) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// The separator a several-choice field is sent with.
const SEVERAL: &str = "、";

/// The columns of a record in groups (each a fieldset), editable, with each column's problems
/// beside it and every problem in a summary at the top that links to its field.
#[component]
pub fn RecordFields<C: FormColumn, P: FormProblem<Column = C>>(
    fields: RwSignal<BTreeMap<C, String>>,
    problems: RwSignal<Vec<P>>,
    groups: &'static [(Key, &'static [C])],
    district: DistrictView,
    #[prop(into)] locked: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = super::use_staff();
    let me = staff.me();
    let lists = Lists {
        district: &district,
        grant: me.as_ref().map(|m| &m.grant),
    };
    let groups = groups
        .iter()
        .map(|&(legend, columns)| {
            let columns = columns
                .iter()
                .map(|&c| {
                    let control = c.control(&lists);
                    view! { <RecordField column=c control fields problems locked /> }
                })
                .collect_view();
            view! {
                <fieldset class="card record-group">
                    <legend>{i18n.t(legend)}</legend>
                    {columns}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <Show when=move || !problems.read().is_empty()>
            <div class="error-summary" role="alert" tabindex="-1" id="record-problems">
                <h2>{i18n.t(Key::StaffProblemsHeading)}</h2>
                <ul>
                    {move || problems.get().into_iter().map(|p| {
                        let column = p.column();
                        let text = move || {
                            let what = p.text(i18n.lang());
                            match column {
                                Some(c) => format!("{}: {what}", i18n.tr(c.label())),
                                None => what,
                            }
                        };
                        match column {
                            Some(c) => {
                                let id = field_id(c);
                                let target = id.clone();
                                view! {
                                    <li>
                                        <a href=format!("#{id}") on:click=move |ev| {
                                            ev.prevent_default();
                                            focus_field(&target);
                                        }>{text}</a>
                                    </li>
                                }
                                .into_any()
                            }
                            None => view! { <li>{text}</li> }.into_any(),
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
        {groups}
    }
}

#[component]
fn RecordField<C: FormColumn, P: FormProblem<Column = C>>(
    column: C,
    control: Control,
    fields: RwSignal<BTreeMap<C, String>>,
    problems: RwSignal<Vec<P>>,
    locked: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = field_id(column);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let value = move || fields.with(|f| f.get(&column).cloned().unwrap_or_default());
    let set = move |v: String| {
        fields.update(|f| {
            if v.trim().is_empty() {
                f.remove(&column);
            } else {
                f.insert(column, v);
            }
        });
        // Only when this field had a problem: the summary is not rebuilt (and re-announced)
        // on every key.
        if problems.with_untracked(|p| p.iter().any(|p| p.column() == Some(column))) {
            problems.update(|p| p.retain(|p| p.column() != Some(column)));
        }
    };
    let own = move || {
        problems.with(|ps| {
            ps.iter()
                .filter(|p| p.column() == Some(column))
                .map(|p| p.text(i18n.lang()))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let invalid = move || {
        problems
            .with(|ps| ps.iter().any(|p| p.column() == Some(column)))
            .to_string()
    };
    let hint_key = column.hint();
    let described = if hint_key.is_some() {
        format!("{hint_id} {error_id}")
    } else {
        error_id.clone()
    };
    let required = column.required();
    let label = move || {
        view! {
            {i18n.t(column.label())}
            {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
        }
    };
    let hint = hint_key.map(|k| view! { <p id=hint_id class="hint">{i18n.t(k)}</p> });
    let error = view! { <p id=error_id class="field-error">{own}</p> };
    let input = match control {
        Control::Several(options) => {
            let order = StoredValue::new(options.iter().map(|(v, _)| v.clone()).collect::<Vec<_>>());
            let chosen = move |v: &str| {
                value()
                    .split(['、', '；', ';', ',', '，', '/'])
                    .any(|part| part.trim() == v)
            };
            // A checkbox each; the first carries the field's id, which the summary focuses.
            let boxes = options
                .into_iter()
                .enumerate()
                .map(|(i, (v, k))| {
                    let box_id = if i == 0 {
                        id.clone()
                    } else {
                        format!("{id}-{i}")
                    };
                    let mine = v.clone();
                    let toggle = move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        let now: Vec<String> = order
                            .get_value()
                            .into_iter()
                            .filter(|o| if *o == mine { on } else { chosen(o) })
                            .collect();
                        set(now.join(SEVERAL));
                    };
                    view! {
                        <div class="field inline">
                            <input type="checkbox" id=box_id.clone()
                                disabled=move || locked.get()
                                aria-invalid=invalid
                                prop:checked=move || chosen(&v)
                                on:change=toggle />
                            <label for=box_id>{i18n.t(k)}</label>
                        </div>
                    }
                })
                .collect_view();
            return view! {
                <fieldset class="field choices" aria-describedby=described>
                    <legend>{label}</legend>
                    {boxes}
                    {hint}
                    {error}
                </fieldset>
            }
            .into_any();
        }
        Control::Choose(options) => view! {
            <select
                id=id.clone()
                required=required
                disabled=move || locked.get()
                aria-invalid=invalid
                aria-describedby=described
                on:change=move |ev| set(event_target_value(&ev))
                prop:value=value
            >
                <option value="" selected=move || value().is_empty()>{i18n.t(Key::StaffChoose)}</option>
                {options.into_iter().map(|(v, label, name)| {
                    let shown = v.clone();
                    view! {
                        <option value=v selected=move || value() == shown>
                            {move || label.map_or_else(|| name.clone(), |k| i18n.tr(k).to_owned())}
                        </option>
                    }
                }).collect_view()}
            </select>
        }
        .into_any(),
        Control::Long => view! {
            <textarea
                id=id.clone()
                rows="3"
                required=required
                disabled=move || locked.get()
                aria-invalid=invalid
                aria-describedby=described
                prop:value=value
                on:input=move |ev| set(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        Control::Text { date } => view! {
            <input
                id=id.clone()
                type="text"
                inputmode=if date { "numeric" } else { "text" }
                placeholder=if date { "2026-03-11" } else { "" }
                autocomplete="off"
                required=required
                disabled=move || locked.get()
                aria-invalid=invalid
                aria-describedby=described
                prop:value=value
                on:input=move |ev| set(event_target_value(&ev))
            />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            {hint}
            {error}
        </div>
    }
    .into_any()
}

/// A record being typed, kept on this device for the one who typed it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Draft<F> {
    user: String,
    fields: F,
}

/// Where each form keeps its draft.
pub const PENALTY_DRAFT: &str = "gongshi.staff.penalty-draft";
pub const OFFICER_DRAFT: &str = "gongshi.staff.officer-draft";

/// The draft `user` left under `key`, if any.
pub fn load_draft<F: DeserializeOwned>(key: &str, user: &str) -> Option<F> {
    let storage = window().local_storage().ok().flatten()?;
    let text = storage.get_item(key).ok().flatten()?;
    serde_json::from_str::<Draft<F>>(&text)
        .ok()
        .filter(|d| d.user == user)
        .map(|d| d.fields)
}

/// Keeps what `user` typed under `key` (an empty form removes it).
pub fn save_draft<C: FormColumn>(key: &str, user: &str, fields: &BTreeMap<C, String>) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let fields: BTreeMap<&C, &String> =
            fields.iter().filter(|(c, _)| c.kept_in_draft()).collect();
        let draft = Draft {
            user: user.to_owned(),
            fields: &fields,
        };
        // A full or refused storage keeps the draft on this page only.
        let _ = if fields.is_empty() {
            storage.remove_item(key)
        } else {
            storage.set_item(key, &serde_json::to_string(&draft).unwrap_or_default())
        };
    }
}

/// Forgets every form's draft (on signing out: the next person at this device does not get it).
pub fn forget_drafts() {
    if let Some(storage) = window().local_storage().ok().flatten() {
        for key in [PENALTY_DRAFT, OFFICER_DRAFT] {
            let _ = storage.remove_item(key);
        }
    }
}

/// Forgets one form's draft (once sent).
pub fn forget_draft(key: &str) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.remove_item(key);
    }
}
