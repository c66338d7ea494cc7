//! `#[derive(ToJson, FromJson)]`: per type, a run of calls into ripen-json's one reader
//! and writer, with serde's attributes and serde_json's spelling of every shape.

mod attrs;
mod read;
mod write;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

#[proc_macro_derive(ToJson, attributes(json, serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    write::derive(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

#[proc_macro_derive(FromJson, attributes(json, serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    read::derive(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// A field as both derives see it: its Rust access, its JSON name and its attributes.
pub(crate) struct Field<'a> {
    pub member: syn::Member,
    pub binding: syn::Ident,
    pub ty: &'a syn::Type,
    pub name: String,
    pub attrs: attrs::Field,
}

pub(crate) fn fields<'a>(fields: &'a syn::Fields, rename_all: Option<&str>) -> syn::Result<Vec<Field<'a>>> {
    let mut out = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let attrs = attrs::field(&field.attrs)?;
        if let Some(function) = &attrs.serde_function {
            return Err(attrs::error(
                field,
                format!("serde's `{function}` names serde's functions: give ripen-json its own with #[json({function} = \"…\")]"),
            ));
        }
        let (member, name) = match &field.ident {
            Some(ident) => {
                let rust = ident.to_string();
                let rust = rust.strip_prefix("r#").unwrap_or(&rust).to_owned();
                let name = match &attrs.rename {
                    Some(name) => name.clone(),
                    None => attrs::rename(&rust, rename_all, false).map_err(|e| attrs::error(field, e))?,
                };
                (syn::Member::Named(ident.clone()), name)
            }
            None => (syn::Member::Unnamed(syn::Index::from(i)), i.to_string()),
        };
        out.push(Field { member, binding: quote::format_ident!("__f{}", i), ty: &field.ty, name, attrs });
    }
    Ok(out)
}

/// A variant's JSON name.
pub(crate) fn variant_name(variant: &syn::Variant, rename_all: Option<&str>) -> syn::Result<String> {
    let attrs = attrs::field(&variant.attrs)?;
    match attrs.rename {
        Some(name) => Ok(name),
        None => attrs::rename(&variant.ident.to_string(), rename_all, true).map_err(|e| attrs::error(variant, e)),
    }
}

/// The type's generics with `bound` on each type parameter.
pub(crate) fn bounded(generics: &syn::Generics, bound: proc_macro2::TokenStream) -> syn::Generics {
    let mut generics = generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse2(bound.clone()).expect("a trait path"));
    }
    generics
}
