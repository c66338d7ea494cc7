//! The ways to reach a client.

use crate::values::newtype::string_enum;

string_enum! {
    /// How a touch reaches the client; also a client's preferred and inconvenient channels.
    Channel in "channel" {
        Call = "call",
        Email = "email",
        /// Messengers and SMS.
        Message = "message",
        Meeting = "meeting",
        Presentation = "presentation",
        Visit = "visit",
        Fax = "fax",
        MarketingSend = "marketing_send",
    }
}

string_enum! {
    /// Where a messenger handle lives.
    MessengerNetwork in "network" {
        Telegram = "telegram",
        WhatsApp = "whatsapp",
        Viber = "viber",
        Signal = "signal",
        WeChat = "wechat",
        Vk = "vk",
        Sms = "sms",
        Other = "other",
    }
}
