//! `Crm` calls about people and ties: users, teams, hand-offs, relationships, groups.

use crate::boundary::{self, Size};
use crate::crm::Crm;
use crate::dto::{self, ClientView, EndLinkInput, HandOffInput, LinkOptions, TeamInput, UserInput};
use crate::js;
use ripen_core::relationship::RelationKind;
use ripen_core::people::UserProfile;
use ripen_core::{ClientId, Command, RelationshipId, TeamId, UserId};
use ripen_json::ToJson;
use wasm_bindgen::prelude::*;

#[derive(ToJson)]
struct UserView<'a> {
    id: &'a str,
    #[json(flatten)]
    profile: &'a UserProfile,
}

#[derive(ToJson)]
struct TeamView<'a> {
    id: &'a str,
    name: &'a str,
}

/// A relationship as a write about it resolves to; it is there once the write succeeded.
fn answered(found: Option<&ripen_core::relationship::Relationship>) -> Result<JsValue, crate::error::FacadeError> {
    Ok(found.map_or(JsValue::NULL, js::to_js))
}

#[wasm_bindgen]
impl Crm {
    /// Adds or changes a user (`{ name, role, team?, absent? }`).
    #[wasm_bindgen(js_name = saveUser, unchecked_return_type = "Promise<void>")]
    pub fn save_user(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UserInput")] input: JsValue,
    ) -> js_sys::Promise {
        let user = boundary::short_text("id", &id).and_then(|id| dto::new_user_id("id", &id));
        let input = boundary::object::<UserInput>("input", &input, Size::OBJECT);
        self.write(
            move |_| Ok(Command::SaveUser { user: user?, profile: UserProfile::try_from(input?)? }),
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }

    #[wasm_bindgen(js_name = saveTeam, unchecked_return_type = "Promise<void>")]
    pub fn save_team(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ name: string }")] input: JsValue,
    ) -> js_sys::Promise {
        let team = boundary::id::<TeamId>("id", &id);
        let input = boundary::object::<TeamInput>("input", &input, Size::OBJECT);
        self.write(
            move |_| Ok(Command::SaveTeam { team: team?, name: input?.name()? }),
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }

    /// The users registered in the database `name`, read without logging in: a page
    /// whose device user is not let in (`open` refused with kind "forbidden") asks who is
    /// using the device from these, and opens again as the one picked. Empty while the CRM
    /// has no admin (then everyone is let in).
    #[wasm_bindgen(js_name = deviceUsers, unchecked_return_type = "User[]")]
    pub async fn device_users(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> Result<JsValue, JsValue> {
        let run = async {
            let name = crate::crm::database_name(&name)?;
            let store = ripen_idb::IdbStore::open(&name).await?;
            let users = ripen_core::Engine::users_of(&store).await;
            store.close();
            let users = users?;
            let views: Vec<UserView<'_>> = users.iter().map(|(id, profile)| UserView { id: id.as_str(), profile }).collect();
            Ok::<_, crate::error::FacadeError>(js::to_js(&views))
        };
        run.await.map_err(|e| js::to_js_error(&e))
    }

    #[wasm_bindgen(unchecked_return_type = "User[]")]
    pub fn users(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let view = engine.view();
            let views: Vec<UserView<'_>> =
                view.people().users().map(|(id, profile)| UserView { id: id.as_str(), profile }).collect();
            Ok(js::to_js(&views))
        })
    }

    #[wasm_bindgen(unchecked_return_type = "Team[]")]
    pub fn teams(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let view = engine.view();
            let views: Vec<TeamView<'_>> =
                view.people().teams().map(|(id, name)| TeamView { id: id.as_str(), name }).collect();
            Ok(js::to_js(&views))
        })
    }

    /// Passes the client to another owner (`{ to, reason? }`; `to: null` for nobody).
    #[wasm_bindgen(js_name = handOff, unchecked_return_type = "Promise<Client>")]
    pub fn hand_off(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HandOffInput")] input: JsValue,
    ) -> js_sys::Promise {
        let client = boundary::id::<ClientId>("clientId", &client_id);
        let input = boundary::object::<HandOffInput>("input", &input, Size::OBJECT);
        let answer_id = client.as_ref().ok().cloned();
        self.write(
            move |_| {
                let input = input?;
                let to = input.to.as_deref().map(|to| dto::parse_id::<UserId>("to", to)).transpose()?;
                Ok(Command::HandOff { client: client?, to, reason: input.reason })
            },
            move |engine, _| match &answer_id {
                Some(id) => crate::clients::written(engine, id),
                None => Ok(JsValue::NULL),
            },
        )
    }

    /// Records that `to` is a `kind` of `from`: `link(holdingId, plantId, "branch")`,
    /// `link(companyId, personId, "employee", { position: "CFO" })`. Resolves to the
    /// relationship — the one already there, unchanged, if the two are so linked.
    #[wasm_bindgen(unchecked_return_type = "Promise<Relationship>")]
    pub fn link(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RelationKind")] kind: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LinkOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let from = boundary::id::<ClientId>("from", &from);
        let to = boundary::id::<ClientId>("to", &to);
        let kind = boundary::short_text("kind", &kind).and_then(|kind| Ok(kind.parse::<RelationKind>()?));
        let options = boundary::options::<LinkOptions>("options", options.as_ref());
        // What the answer looks up: the write refuses anything else before it is read.
        let ends = match (&from, &to, &kind) {
            (Ok(from), Ok(to), Ok(kind)) => Some((from.clone(), to.clone(), *kind)),
            _ => None,
        };
        self.write(
            move |_| {
                let options = options?;
                Ok(Command::Link {
                    from: from?,
                    to: to?,
                    kind: kind?,
                    since: options.since()?,
                    position: options.position,
                })
            },
            move |engine, _| {
                let state = engine.state();
                let linked = ends.as_ref().and_then(|(from, to, kind)| state.relationships.active(*kind, from, to));
                answered(linked)
            },
        )
    }

    /// The relationship ended (`{ on: "YYYY-MM-DD" }`): the employee left the company.
    /// Resolves to the relationship with its `ended`.
    #[wasm_bindgen(js_name = endLink, unchecked_return_type = "Promise<Relationship>")]
    pub fn end_link(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ on: IsoDate }")] input: JsValue,
    ) -> js_sys::Promise {
        let relationship = boundary::id::<RelationshipId>("id", &id);
        let answer_id = relationship.as_ref().ok().cloned();
        let input = boundary::object::<EndLinkInput>("input", &input, Size::OBJECT);
        self.write(
            move |_| Ok(Command::EndLink { relationship: relationship?, on: input?.on()? }),
            move |engine, _| {
                let state = engine.state();
                answered(answer_id.as_ref().and_then(|id| state.relationships.get(id)))
            },
        )
    }

    /// The client's relationships, ended ones included.
    #[wasm_bindgen(unchecked_return_type = "Relationship[]")]
    pub fn relationships(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = boundary::id("clientId", &client_id)?;
            let view = engine.view();
            let list = view.relationships(&client)?;
            Ok(js::to_js(&list))
        })
    }

    /// The whole group of companies the client belongs to (the holding, its
    /// subsidiaries and branches), the client first.
    #[wasm_bindgen(unchecked_return_type = "Client[]")]
    pub fn group(
        &self,
        #[wasm_bindgen(js_name = "clientId", unchecked_param_type = "string")] client_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = boundary::id("clientId", &client_id)?;
            let view = engine.view();
            let views: Vec<ClientView<'_>> = view.group(&client)?.into_iter().map(ClientView::from).collect();
            Ok(js::to_js(&views))
        })
    }
}
