//! The exports of other CRMs and address books: the headers that tell each one, and what
//! it calls its columns where the common names would not tell (or would tell wrong:
//! Outlook's "Title" is "Mr.", HubSpot's "Website URL" is the company's).

use super::Field;

ripen_core::string_enum! {
    /// The export of another CRM or address book, whose column names are known.
    Preset in "preset" {
        /// amoCRM, and Kommo (its English edition).
        AmoCrm = "amoCrm",
        Bitrix24 = "bitrix24",
        /// Display names ("First Name", "Company Name") and internal ones ("firstname",
        /// "jobtitle", "hs_object_id").
        HubSpot = "hubSpot",
        Pipedrive = "pipedrive",
        /// Google Contacts, old ("Given Name", "E-mail 1 - Value") and new ("First Name",
        /// "Phone 1 - Label").
        Google = "google",
        Outlook = "outlook",
        Thunderbird = "thunderbird",
        /// LinkedIn's Connections.csv, with its "Notes:" preamble.
        LinkedIn = "linkedIn",
        Salesforce = "salesforce",
        Zoho = "zoho",
    }
}

impl Preset {
    /// Headers (normalised, numbers dropped) only this export has; two of them tell it.
    pub(super) fn signature(self) -> &'static [&'static str] {
        match self {
            Self::AmoCrm => {
                &["полное имя контакта", "рабочий телефон контакт", "ответственный", "full name", "responsible user"]
            }
            Self::Bitrix24 => &["рабочий e mail", "частный e mail", "тип контакта", "обращение", "корпоративный сайт"],
            Self::HubSpot => &[
                "record id",
                "contact owner",
                "lifecycle stage",
                "phone number",
                "state region",
                "hs object id",
                "hubspot owner id",
                "lifecyclestage",
                "jobtitle",
                "hs lead status",
                "associated company",
                "company domain name",
            ],
            Self::Pipedrive => &["person name", "person organization", "organization name", "person phone work"],
            Self::Google => &[
                "given name",
                "family name",
                "additional name",
                "group membership",
                "e mail value",
                "e mail type",
                "phone value",
                "phone type",
                "e mail label",
                "phone label",
                "organization name",
                "organization title",
                "file as",
                "yomi name",
                "phonetic first name",
            ],
            Self::Outlook => &[
                "e mail address",
                "e mail display name",
                "business phone",
                "business fax",
                "home fax",
                "business street",
                "business city",
                "company main telephone",
                "assistants phone",
                "office location",
                "callback",
                "categories",
            ],
            Self::Thunderbird => &[
                "primary email",
                "secondary email",
                "screen name",
                "mobile number",
                "fax number",
                "pager number",
                "work zip code",
                "home zip code",
                "work zipcode",
                "birth year",
            ],
            Self::LinkedIn => &["connected on", "email address", "url", "position"],
            Self::Salesforce => &[
                "salutation",
                "account name",
                "account owner",
                "mailing street",
                "mailing city",
                "mailing state province",
                "mailing zip postal code",
                "mailing country",
                "account id",
                "owner id",
            ],
            Self::Zoho => &[
                "contact id",
                "vendor name",
                "email opt out",
                "skype id",
                "asst phone",
                "created by",
                "modified by",
                "reporting to",
                "secondary email",
                "account name",
            ],
        }
    }

    /// What this export calls its columns, where the common names would not tell.
    pub(super) fn names(self) -> &'static [(&'static str, Field)] {
        match self {
            Self::AmoCrm => &[
                ("полное имя контакта", Field::Name),
                ("полное имя", Field::Name),
                ("full name", Field::Name),
                ("компания контакта", Field::Company),
                ("название компании", Field::Company),
                ("ответственный", Field::Ignore),
                ("responsible user", Field::Ignore),
                ("дата создания", Field::Ignore),
                ("created date", Field::Ignore),
            ],
            Self::Bitrix24 => &[
                ("тип контакта", Field::ClientType),
                ("тип компании", Field::ClientType),
                ("сфера деятельности", Field::Industry),
                ("корпоративный сайт", Field::Website),
                ("личная страница", Field::Website),
                ("обращение", Field::Ignore),
                ("ответственный", Field::Ignore),
            ],
            // A HubSpot contact carries its company's facts as its own columns; they
            // are the company's, not the person's.
            Self::HubSpot => &[
                ("state region", Field::Region),
                ("state", Field::Region),
                ("country region", Field::Ignore),
                ("lead status", Field::Ignore),
                ("hs lead status", Field::Ignore),
                ("lifecycle stage", Field::ClientType),
                ("lifecyclestage", Field::ClientType),
                ("original source", Field::Source),
                ("hs analytics source", Field::Source),
                ("contact owner", Field::Ignore),
                ("hubspot owner id", Field::Ignore),
                ("record id", Field::Ignore),
                ("hs object id", Field::Ignore),
                ("associatedcompanyid", Field::Ignore),
                ("mobile phone number", Field::Phone),
                ("associated company", Field::Company),
                ("website url", Field::CompanyWebsite),
                ("website", Field::CompanyWebsite),
                ("company domain name", Field::CompanyWebsite),
                ("industry", Field::CompanyIndustry),
                ("number of employees", Field::Ignore),
                ("numberofemployees", Field::Ignore),
                ("annual revenue", Field::Ignore),
                ("annualrevenue", Field::Ignore),
                ("create date", Field::Ignore),
                ("createdate", Field::Ignore),
            ],
            Self::Pipedrive => &[
                ("organization", Field::Company),
                ("organization name", Field::Company),
                ("labels", Field::Tags),
                ("label", Field::Tags),
                ("owner", Field::Ignore),
            ],
            Self::Google => &[
                ("organization title", Field::Position),
                ("organization department", Field::Ignore),
                ("nickname", Field::Ignore),
                ("file as", Field::Ignore),
            ],
            // Outlook's "Title" is the courtesy title ("Mr."), its "Job Title" the position.
            Self::Outlook => &[
                ("title", Field::Ignore),
                ("suffix", Field::Ignore),
                ("business state", Field::Region),
                ("home state", Field::Region),
                ("other state", Field::Region),
                ("company main telephone", Field::CompanyPhone),
            ],
            Self::Thunderbird => &[("work state", Field::Region), ("home state", Field::Region)],
            Self::LinkedIn => &[("connected on", Field::Ignore), ("url", Field::Website)],
            Self::Salesforce => &[
                ("account name", Field::Company),
                ("account", Field::Company),
                ("mailing city", Field::City),
                ("mailing state province", Field::Region),
                ("mailing state", Field::Region),
                ("account phone", Field::CompanyPhone),
                ("account website", Field::CompanyWebsite),
                ("account industry", Field::CompanyIndustry),
                ("contact owner", Field::Ignore),
                ("account owner", Field::Ignore),
                ("owner id", Field::Ignore),
                ("account id", Field::Ignore),
                ("contact id", Field::Ignore),
                ("salutation", Field::Ignore),
            ],
            Self::Zoho => &[
                ("account name", Field::Company),
                ("full name", Field::Name),
                ("mailing city", Field::City),
                ("mailing state", Field::Region),
                ("contact owner", Field::Ignore),
                ("contact id", Field::Ignore),
                ("vendor name", Field::Ignore),
                ("asst phone", Field::Ignore),
                ("skype id", Field::Ignore),
                ("email opt out", Field::Ignore),
                ("salutation", Field::Ignore),
            ],
        }
    }
}
