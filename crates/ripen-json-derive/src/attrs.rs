//! The attributes the derive reads: serde's names and meanings, from `#[json(…)]` and, so
//! a type can derive both while its crate moves over, from `#[serde(…)]` as well. The
//! function-valued ones (`with`, `serialize_with`, `deserialize_with`) are only taken from
//! `#[json]`: serde's functions have serde's signatures.

use syn::{Attribute, Error, LitStr, Path, Result};

#[derive(Default)]
pub(crate) struct Container {
    pub rename_all: Option<String>,
    pub rename_all_fields: Option<String>,
    pub deny_unknown_fields: bool,
    pub default: Option<Option<Path>>,
    pub tag: Option<String>,
    pub content: Option<String>,
    pub untagged: bool,
    pub transparent: bool,
    pub try_from: Option<syn::Type>,
    pub from: Option<syn::Type>,
    pub into: Option<syn::Type>,
}

#[derive(Default)]
pub(crate) struct Field {
    pub rename: Option<String>,
    pub default: Option<Option<Path>>,
    pub skip_serializing_if: Option<Path>,
    pub skip_serializing: bool,
    pub skip_deserializing: bool,
    pub flatten: bool,
    pub serialize_with: Option<Path>,
    pub deserialize_with: Option<Path>,
    /// Whether serde's attribute named a function that `#[json]` did not replace.
    pub serde_function: Option<String>,
}

fn ours(attr: &Attribute) -> Option<bool> {
    if attr.path().is_ident("json") {
        Some(true)
    } else if attr.path().is_ident("serde") {
        Some(false)
    } else {
        None
    }
}

fn string(meta: &syn::meta::ParseNestedMeta<'_>) -> Result<String> {
    Ok(meta.value()?.parse::<LitStr>()?.value())
}

fn path(meta: &syn::meta::ParseNestedMeta<'_>) -> Result<Path> {
    meta.value()?.parse::<LitStr>()?.parse()
}

pub(crate) fn container(attrs: &[Attribute]) -> Result<Container> {
    let mut out = Container::default();
    for attr in attrs {
        let Some(_) = ours(attr) else { continue };
        attr.parse_nested_meta(|meta| {
            let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match name.as_str() {
                "rename_all" => out.rename_all = Some(string(&meta)?),
                "rename_all_fields" => out.rename_all_fields = Some(string(&meta)?),
                "deny_unknown_fields" => out.deny_unknown_fields = true,
                "default" => {
                    out.default = Some(if meta.input.peek(syn::Token![=]) { Some(path(&meta)?) } else { None })
                }
                "tag" => out.tag = Some(string(&meta)?),
                "content" => out.content = Some(string(&meta)?),
                "untagged" => out.untagged = true,
                "transparent" => out.transparent = true,
                "try_from" => out.try_from = Some(meta.value()?.parse::<LitStr>()?.parse()?),
                "from" => out.from = Some(meta.value()?.parse::<LitStr>()?.parse()?),
                "into" => out.into = Some(meta.value()?.parse::<LitStr>()?.parse()?),
                "bound" | "crate" | "expecting" => {
                    let _ = meta.value()?.parse::<LitStr>()?;
                }
                _ => return Err(meta.error(format!("ripen-json does not know the container attribute `{name}`"))),
            }
            Ok(())
        })?;
    }
    Ok(out)
}

pub(crate) fn field(attrs: &[Attribute]) -> Result<Field> {
    let mut out = Field::default();
    let mut json_functions = false;
    for attr in attrs {
        let Some(is_json) = ours(attr) else { continue };
        attr.parse_nested_meta(|meta| {
            let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match name.as_str() {
                "rename" => out.rename = Some(string(&meta)?),
                "default" => {
                    out.default = Some(if meta.input.peek(syn::Token![=]) { Some(path(&meta)?) } else { None })
                }
                "skip_serializing_if" => out.skip_serializing_if = Some(path(&meta)?),
                "skip" => {
                    out.skip_serializing = true;
                    out.skip_deserializing = true;
                }
                "skip_serializing" => out.skip_serializing = true,
                "skip_deserializing" => out.skip_deserializing = true,
                "flatten" => out.flatten = true,
                "borrow" => {
                    if meta.input.peek(syn::Token![=]) {
                        let _ = string(&meta)?;
                    }
                }
                "with" | "serialize_with" | "deserialize_with" if !is_json => {
                    let _ = string(&meta)?;
                    out.serde_function = Some(name.clone());
                }
                "with" => {
                    let module = path(&meta)?;
                    out.serialize_with = Some(syn::parse_quote!(#module::write_json));
                    out.deserialize_with = Some(syn::parse_quote!(#module::read_json));
                    json_functions = true;
                }
                "serialize_with" => {
                    out.serialize_with = Some(path(&meta)?);
                    json_functions = true;
                }
                "deserialize_with" => {
                    out.deserialize_with = Some(path(&meta)?);
                    json_functions = true;
                }
                _ => return Err(meta.error(format!("ripen-json does not know the field attribute `{name}`"))),
            }
            Ok(())
        })?;
    }
    if json_functions {
        out.serde_function = None;
    }
    Ok(out)
}

/// serde's `rename_all` rules, applied to a variant (`PascalCase` in Rust) or a field
/// (`snake_case` in Rust).
pub(crate) fn rename(name: &str, rule: Option<&str>, is_variant: bool) -> std::result::Result<String, String> {
    let Some(rule) = rule else { return Ok(name.to_owned()) };
    let snake = if is_variant {
        let mut snake = String::new();
        for (i, c) in name.char_indices() {
            if c.is_uppercase() && i > 0 {
                snake.push('_');
            }
            snake.extend(c.to_lowercase());
        }
        snake
    } else {
        name.to_owned()
    };
    let pascal = || {
        snake
            .split('_')
            .map(|part| {
                let mut chars = part.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
            })
            .collect::<String>()
    };
    Ok(match rule {
        "lowercase" if is_variant => name.to_ascii_lowercase(),
        "lowercase" => snake.clone(),
        "UPPERCASE" if is_variant => name.to_ascii_uppercase(),
        "UPPERCASE" => snake.to_ascii_uppercase(),
        "PascalCase" => pascal(),
        "camelCase" => {
            let pascal = pascal();
            let mut chars = pascal.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
        "snake_case" => snake,
        "SCREAMING_SNAKE_CASE" => snake.to_ascii_uppercase(),
        "kebab-case" => snake.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => snake.replace('_', "-").to_ascii_uppercase(),
        other => return Err(format!("unknown rename rule `{other}`")),
    })
}

pub(crate) fn error(span: impl quote::ToTokens, message: impl std::fmt::Display) -> Error {
    Error::new_spanned(span, message)
}
