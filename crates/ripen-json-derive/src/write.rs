//! `#[derive(ToJson)]`: the writer calls for a struct's fields or an enum's variant, in
//! the shapes serde_json writes (external, internal, adjacent tags; untagged).

use crate::attrs::{self, Container};
use crate::{bounded, fields, variant_name, Field};
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let container = attrs::container(&input.attrs)?;
    let name = &input.ident;
    let generics = bounded(&input.generics, quote!(::ripen_json::ToJson));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let (body, fields_body) = if let Some(into) = &container.into {
        (
            quote! { ::ripen_json::ToJson::write_json(&<#into as ::core::convert::From<Self>>::from(::core::clone::Clone::clone(self)), w) },
            None,
        )
    } else {
        match &input.data {
            Data::Struct(data) => structure(&data.fields, &container)?,
            Data::Enum(data) => enumeration(data, &container)?,
            Data::Union(_) => return Err(attrs::error(input, "ripen-json does not write unions")),
        }
    };
    let fields_fn = fields_body.map(|fields_body| {
        quote! {
            fn write_json_fields(&self, w: &mut ::ripen_json::Writer) {
                #fields_body
            }
        }
    });
    Ok(quote! {
        impl #impl_generics ::ripen_json::ToJson for #name #ty_generics #where_clause {
            fn write_json(&self, w: &mut ::ripen_json::Writer) {
                #body
            }
            #fields_fn
        }
    })
}

/// The calls that write one field's value, reached by `access` (an expression of `&T`).
fn value(field: &Field<'_>, access: &TokenStream) -> TokenStream {
    match &field.attrs.serialize_with {
        Some(function) => quote! { #function(#access, w); },
        None => quote! { ::ripen_json::ToJson::write_json(#access, w); },
    }
}

/// An object's fields, each reached by `access(field)`; without the braces.
fn object_fields(fields: &[Field<'_>], access: impl Fn(&Field<'_>) -> TokenStream) -> TokenStream {
    let writes = fields.iter().filter(|f| !f.attrs.skip_serializing).map(|field| {
        let access = access(field);
        if field.attrs.flatten {
            return quote! { ::ripen_json::ToJson::write_json_fields(#access, w); };
        }
        let key = &field.name;
        let value = value(field, &access);
        let write = quote! { w.key(#key); #value };
        match &field.attrs.skip_serializing_if {
            Some(skip) => quote! { if !#skip(#access) { #write } },
            None => write,
        }
    });
    quote! { #(#writes)* }
}

fn structure(data: &Fields, container: &Container) -> syn::Result<(TokenStream, Option<TokenStream>)> {
    let fields = fields(data, container.rename_all.as_deref())?;
    let live: Vec<&Field<'_>> = fields.iter().filter(|f| !f.attrs.skip_serializing).collect();
    let newtype = matches!(data, Fields::Unnamed(_)) && fields.len() == 1;
    if container.transparent || newtype {
        let [field] = live.as_slice() else {
            return Err(attrs::error(data, "a transparent struct has exactly one field"));
        };
        let member = &field.member;
        return Ok((value(field, &quote!(&self.#member)), None));
    }
    Ok(match data {
        Fields::Named(_) => {
            let body = object_fields(&fields, |f| {
                let member = &f.member;
                quote!(&self.#member)
            });
            (quote! { w.begin_object(); self.write_json_fields(w); w.end_object(); }, Some(body))
        }
        Fields::Unnamed(_) => {
            let items = live.iter().map(|field| {
                let member = &field.member;
                let value = value(field, &quote!(&self.#member));
                quote! { w.item(); #value }
            });
            (quote! { w.begin_array(); #(#items)* w.end_array(); }, None)
        }
        Fields::Unit => (quote! { w.null(); }, None),
    })
}

fn enumeration(data: &syn::DataEnum, container: &Container) -> syn::Result<(TokenStream, Option<TokenStream>)> {
    let mut arms = Vec::new();
    let mut field_arms = Vec::new();
    for variant in &data.variants {
        let ident = &variant.ident;
        let name = variant_name(variant, container.rename_all.as_deref())?;
        let fields = fields(&variant.fields, container.rename_all_fields.as_deref())?;
        let bindings: Vec<_> = fields.iter().map(|f| &f.binding).collect();
        let members: Vec<_> = fields.iter().map(|f| &f.member).collect();
        let pattern = match &variant.fields {
            Fields::Named(_) => quote! { Self::#ident { #(#members: #bindings),* } },
            Fields::Unnamed(_) => quote! { Self::#ident(#(#bindings),*) },
            Fields::Unit => quote! { Self::#ident },
        };
        let access = |f: &Field<'_>| {
            let binding = &f.binding;
            quote!(#binding)
        };
        // The variant's content, as serde_json writes it on its own.
        let content = match &variant.fields {
            Fields::Named(_) => {
                let body = object_fields(&fields, access);
                quote! { w.begin_object(); #body w.end_object(); }
            }
            Fields::Unnamed(_) if fields.len() == 1 => value(&fields[0], &access(&fields[0])),
            Fields::Unnamed(_) => {
                let items = fields.iter().map(|f| {
                    let value = value(f, &access(f));
                    quote! { w.item(); #value }
                });
                quote! { w.begin_array(); #(#items)* w.end_array(); }
            }
            Fields::Unit => quote! { w.null(); },
        };
        let body = match (&container.tag, &container.content) {
            _ if container.untagged => content,
            (Some(tag), Some(content_key)) => {
                let content = match &variant.fields {
                    Fields::Unit => quote! {},
                    _ => quote! { w.key(#content_key); #content },
                };
                quote! { w.begin_object(); w.key(#tag); w.str(#name); #content w.end_object(); }
            }
            (Some(tag), None) => {
                let fields_body = match &variant.fields {
                    Fields::Named(_) => object_fields(&fields, access),
                    Fields::Unnamed(_) if fields.len() == 1 => {
                        let binding = &fields[0].binding;
                        quote! { ::ripen_json::ToJson::write_json_fields(#binding, w); }
                    }
                    Fields::Unit => quote! {},
                    Fields::Unnamed(_) => {
                        return Err(attrs::error(variant, "an internally tagged enum cannot hold a tuple variant"))
                    }
                };
                field_arms.push(quote! { #pattern => { w.key(#tag); w.str(#name); #fields_body } });
                quote! { w.begin_object(); w.key(#tag); w.str(#name); #fields_body w.end_object(); }
            }
            (None, _) => match &variant.fields {
                Fields::Unit => quote! { w.str(#name); },
                _ => quote! { w.begin_object(); w.key(#name); #content w.end_object(); },
            },
        };
        arms.push(quote! { #pattern => { #body } });
    }
    if arms.is_empty() {
        return Ok((quote! { match *self {} }, None));
    }
    // An internally tagged enum also writes its fields alone, for `#[json(flatten)]`.
    let fields_body = (container.tag.is_some() && container.content.is_none() && !container.untagged).then(|| {
        quote! {
            #[allow(unused_variables)]
            match self { #(#field_arms)* }
        }
    });
    Ok((
        quote! {
            #[allow(unused_variables)]
            match self { #(#arms)* }
        },
        fields_body,
    ))
}
