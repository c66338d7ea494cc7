//! `Crm` calls about people and ties: users, teams, hand-offs, relationships, groups.

use crate::crm::Crm;
use crate::dto::{self, ClientView, EndLinkInput, HandOffInput, LinkOptions, TeamInput, UserInput};
use crate::js;
use ripen_core::people::UserProfile;
use ripen_core::{ClientId, Command, EventPayload, RelationshipId, TeamId, UserId};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct UserView<'a> {
    id: &'a str,
    #[serde(flatten)]
    profile: &'a UserProfile,
}

#[derive(Serialize)]
struct TeamView<'a> {
    id: &'a str,
    name: &'a str,
}

#[wasm_bindgen]
impl Crm {
    /// Adds or changes a user (`{ name, role, team?, absent? }`).
    #[wasm_bindgen(js_name = saveUser, unchecked_return_type = "Promise<void>")]
    pub fn save_user(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_param_type = "UserInput")] input: JsValue,
    ) -> js_sys::Promise {
        self.write(
            move |_| {
                let user: UserId = dto::parse_id("id", &id)?;
                let profile = UserProfile::try_from(js::from_js_via_json::<UserInput>("user", &input)?)?;
                Ok(Command::SaveUser { user, profile })
            },
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }

    #[wasm_bindgen(js_name = saveTeam, unchecked_return_type = "Promise<void>")]
    pub fn save_team(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_param_type = "{ name: string }")] input: JsValue,
    ) -> js_sys::Promise {
        self.write(
            move |_| {
                let team: TeamId = dto::parse_id("id", &id)?;
                Ok(Command::SaveTeam { team, name: js::from_js_via_json::<TeamInput>("team", &input)?.name })
            },
            |_, _| Ok(JsValue::UNDEFINED),
        )
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
        #[wasm_bindgen(js_name = "clientId")] client_id: String,
        #[wasm_bindgen(unchecked_param_type = "HandOffInput")] input: JsValue,
    ) -> js_sys::Promise {
        let answer_id = dto::parse_id::<ClientId>("clientId", &client_id);
        self.write(
            move |_| {
                let client: ClientId = dto::parse_id("clientId", &client_id)?;
                let input: HandOffInput = js::from_js_via_json("handOff", &input)?;
                let to = input.to.as_deref().map(|to| dto::parse_id::<UserId>("to", to)).transpose()?;
                Ok(Command::HandOff { client, to, reason: input.reason })
            },
            move |engine, _| crate::clients::written(engine, &answer_id?),
        )
    }

    /// Records that `to` is a `kind` of `from`: `link(holdingId, plantId, "branch")`,
    /// `link(companyId, personId, "employee", { position: "CFO" })`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Relationship | null>")]
    pub fn link(
        &self,
        from: String,
        to: String,
        #[wasm_bindgen(unchecked_param_type = "RelationKind")] kind: String,
        #[wasm_bindgen(unchecked_optional_param_type = "LinkOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        self.write(
            move |_| {
                let options: LinkOptions = js::options_from_js("options", options)?;
                Ok(Command::Link {
                    from: dto::parse_id("from", &from)?,
                    to: dto::parse_id("to", &to)?,
                    kind: kind.parse()?,
                    since: options.since()?,
                    position: options.position,
                })
            },
            |_, events| {
                Ok(match events.first().map(|e| &e.payload) {
                    Some(EventPayload::Linked { relationship }) => js::to_js(relationship),
                    _ => JsValue::NULL,
                })
            },
        )
    }

    /// The relationship ended (`{ on: "YYYY-MM-DD" }`): the employee left the company.
    #[wasm_bindgen(js_name = endLink, unchecked_return_type = "Promise<void>")]
    pub fn end_link(
        &self,
        id: String,
        #[wasm_bindgen(unchecked_param_type = "{ on: IsoDate }")] input: JsValue,
    ) -> js_sys::Promise {
        self.write(
            move |_| {
                let relationship: RelationshipId = dto::parse_id("id", &id)?;
                let on = js::from_js_via_json::<EndLinkInput>("endLink", &input)?.on()?;
                Ok(Command::EndLink { relationship, on })
            },
            |_, _| Ok(JsValue::UNDEFINED),
        )
    }

    /// The client's relationships, ended ones included.
    #[wasm_bindgen(unchecked_return_type = "Relationship[]")]
    pub fn relationships(&self, #[wasm_bindgen(js_name = "clientId")] client_id: &str) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = dto::parse_id("clientId", client_id)?;
            let view = engine.view();
            let list = view.relationships(&client)?;
            Ok(js::to_js(&list))
        })
    }

    /// The whole group of companies the client belongs to (the holding, its
    /// subsidiaries and branches), the client first.
    #[wasm_bindgen(unchecked_return_type = "Client[]")]
    pub fn group(&self, #[wasm_bindgen(js_name = "clientId")] client_id: &str) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let client: ClientId = dto::parse_id("clientId", client_id)?;
            let view = engine.view();
            let views: Vec<ClientView<'_>> = view.group(&client)?.into_iter().map(ClientView::from).collect();
            Ok(js::to_js_via_json(&views))
        })
    }
}
