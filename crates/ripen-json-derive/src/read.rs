//! `#[derive(FromJson)]`: the reader calls for a struct's fields or an enum's variants, in
//! every shape serde_json reads (keys in any order; external, internal and adjacent tags;
//! untagged), with serde's messages for missing, unknown and duplicate fields.

use crate::attrs::{self, Container};
use crate::{bounded, fields, variant_name, Field};
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields};

pub(crate) fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let container = attrs::container(&input.attrs)?;
    let name = &input.ident;
    let generics = bounded(&input.generics, quote!(::ripen_json::FromJson));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let (mut inherent, mut fields_fn) = (quote! {}, quote! {});
    // A type read as an object's fields (a struct, an internally tagged enum): its reader
    // takes the keys to pass over, so a flattened field or a tagged variant can use it.
    let mut by_fields = |reader: TokenStream| {
        inherent = quote! {
            impl #impl_generics #name #ty_generics #where_clause {
                #[doc(hidden)]
                fn __ripen_json_fields(r: &mut ::ripen_json::Reader<'_>, __skip: &[&str]) -> ::core::result::Result<Self, ::ripen_json::Error> {
                    #reader
                }
            }
        };
        fields_fn = quote! {
            fn read_json_fields(r: &mut ::ripen_json::Reader<'_>, skip: &[&str]) -> ::core::result::Result<Self, ::ripen_json::Error> {
                Self::__ripen_json_fields(r, skip)
            }
        };
        quote! { Self::__ripen_json_fields(r, &[]) }
    };
    let body = if let Some(proxy) = &container.try_from {
        quote! {
            let __at = r.position();
            let __proxy = <#proxy as ::ripen_json::FromJson>::read_json(r)?;
            <Self as ::core::convert::TryFrom<#proxy>>::try_from(__proxy).map_err(|__e| {
                r.rewind(__at);
                r.error(::std::string::ToString::to_string(&__e))
            })
        }
    } else if let Some(proxy) = &container.from {
        quote! { <#proxy as ::ripen_json::FromJson>::read_json(r).map(<Self as ::core::convert::From<#proxy>>::from) }
    } else {
        match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(_) if !container.transparent => {
                    by_fields(object(&data.fields, quote!(Self), None, &container, true)?)
                }
                fields_of => structure(fields_of, &container)?,
            },
            Data::Enum(data) if container.tag.is_some() && container.content.is_none() && !container.untagged => {
                by_fields(enumeration(name, data, &container)?)
            }
            Data::Enum(data) => enumeration(name, data, &container)?,
            Data::Union(_) => return Err(attrs::error(input, "ripen-json does not read unions")),
        }
    };
    Ok(quote! {
        #inherent
        impl #impl_generics ::ripen_json::FromJson for #name #ty_generics #where_clause {
            fn read_json(r: &mut ::ripen_json::Reader<'_>) -> ::core::result::Result<Self, ::ripen_json::Error> {
                #body
            }
            #fields_fn
        }
    })
}

/// The expression that reads one field's value.
fn value(field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    match &field.attrs.deserialize_with {
        Some(function) => quote! { #function },
        None => quote! { <#ty as ::ripen_json::FromJson>::read_json },
    }
}

/// What a field is when it is not read: its default, the container's, or absent.
fn missing(field: &Field<'_>, container_default: bool) -> TokenStream {
    let member = &field.member;
    let name = &field.name;
    match &field.attrs.default {
        Some(Some(function)) => quote! { #function() },
        Some(None) => quote! { ::core::default::Default::default() },
        None if container_default => quote! { __default.#member },
        None if field.attrs.skip_deserializing => quote! { ::core::default::Default::default() },
        None => quote! { ::ripen_json::__private::required(r, #name)? },
    }
}

/// Reads an object into `constructor { … }`, keys in any order. The keys `tag` and those
/// in `__skip` (a `&[&str]` in scope, or none) belong to an enclosing type and are passed
/// over; a flattened field reads the object a second time, passing over the others'.
fn object(
    data: &Fields,
    constructor: TokenStream,
    tag: Option<&str>,
    container: &Container,
    is_struct: bool,
) -> syn::Result<TokenStream> {
    let rename_all = if is_struct { container.rename_all.as_deref() } else { container.rename_all_fields.as_deref() };
    let fields = fields(data, rename_all)?;
    let flattened: Vec<&Field<'_>> = fields.iter().filter(|f| f.attrs.flatten && !f.attrs.skip_deserializing).collect();
    let read: Vec<&Field<'_>> = fields.iter().filter(|f| !f.attrs.skip_deserializing && !f.attrs.flatten).collect();
    let names: Vec<&String> = read.iter().map(|f| &f.name).collect();
    let bindings: Vec<_> = read.iter().map(|f| &f.binding).collect();
    let types: Vec<_> = read.iter().map(|f| f.ty).collect();
    let readers: Vec<_> = read.iter().map(|f| value(f)).collect();
    let container_default = is_struct && container.default.is_some();
    let default = match &container.default {
        Some(Some(function)) if is_struct => quote! { let __default: Self = #function(); },
        Some(None) if is_struct => quote! { let __default: Self = ::core::default::Default::default(); },
        _ => quote! {},
    };
    let unknown = if container.deny_unknown_fields && flattened.is_empty() {
        quote! { return ::core::result::Result::Err(::ripen_json::__private::unknown(r, __other, __FIELDS)); }
    } else {
        quote! { r.skip()?; }
    };
    let inits = fields.iter().map(|field| {
        let member = &field.member;
        let binding = &field.binding;
        let missing = missing(field, container_default);
        if field.attrs.skip_deserializing {
            quote! { #member: #missing }
        } else if field.attrs.flatten {
            quote! { #member: #binding }
        } else {
            quote! { #member: match #binding { ::core::option::Option::Some(__v) => __v, ::core::option::Option::None => #missing } }
        }
    });
    let is_tag = match tag {
        Some(tag) => quote! { __other == #tag || },
        None => quote! {},
    };
    let outer_tag = tag.map(|tag| quote! { #tag, });
    let flattened_reads = flattened.iter().map(|field| {
        let binding = &field.binding;
        let ty = field.ty;
        quote! {
            r.rewind(__start);
            let __others: ::std::vec::Vec<&str> = __FIELDS.iter().copied().chain([#outer_tag]).chain(__skip.iter().copied()).collect();
            let #binding = <#ty as ::ripen_json::FromJson>::read_json_fields(r, &__others)?;
        }
    });
    let start = (!flattened.is_empty()).then(|| quote! { let __start = r.position(); });
    Ok(quote! {{
        const __FIELDS: &[&str] = &[#(#names),*];
        #start
        #(let mut #bindings: ::core::option::Option<#types> = ::core::option::Option::None;)*
        r.object()?;
        while let ::core::option::Option::Some(__key) = r.key()? {
            match &*__key {
                #(#names => ::ripen_json::__private::slot(&mut #bindings, r, #names, #readers)?,)*
                __other => {
                    if #is_tag __skip.contains(&__other) {
                        r.skip()?;
                    } else {
                        #unknown
                    }
                }
            }
        }
        #(#flattened_reads)*
        #default
        ::core::result::Result::Ok(#constructor { #(#inits),* })
    }})
}

/// Tuple, newtype, unit and transparent structs.
fn structure(data: &Fields, container: &Container) -> syn::Result<TokenStream> {
    let fields = fields(data, container.rename_all.as_deref())?;
    let live: Vec<&Field<'_>> = fields.iter().filter(|f| !f.attrs.skip_deserializing).collect();
    let newtype = matches!(data, Fields::Unnamed(_)) && fields.len() == 1;
    let inits = |value_of: &dyn Fn(&Field<'_>) -> TokenStream| {
        fields
            .iter()
            .map(|field| {
                let member = &field.member;
                let value = if field.attrs.skip_deserializing { missing(field, false) } else { value_of(field) };
                quote! { #member: #value }
            })
            .collect::<Vec<_>>()
    };
    if container.transparent || newtype {
        if live.len() != 1 {
            return Err(attrs::error(data, "a transparent struct has exactly one field"));
        }
        let inits = inits(&|field| {
            let read = value(field);
            quote! { #read(r)? }
        });
        return Ok(quote! { ::core::result::Result::Ok(Self { #(#inits),* }) });
    }
    Ok(match data {
        Fields::Unnamed(_) => {
            let len = live.len();
            let inits = inits(&|field| {
                let read = value(field);
                quote! { ::ripen_json::__private::tuple_item_with(r, #len, #read)? }
            });
            quote! {
                r.array()?;
                let __value = Self { #(#inits),* };
                ::ripen_json::__private::tuple_end(r, #len)?;
                ::core::result::Result::Ok(__value)
            }
        }
        Fields::Unit => quote! {
            if r.null()? { ::core::result::Result::Ok(Self) } else { ::core::result::Result::Err(r.invalid_type("null")) }
        },
        Fields::Named(_) => unreachable!("named structs are read by `object`"),
    })
}

/// The expression reading a variant's content as serde_json writes it on its own (an
/// object, a value, an array, or null).
fn content(variant: &syn::Variant, container: &Container) -> syn::Result<TokenStream> {
    let ident = &variant.ident;
    Ok(match &variant.fields {
        Fields::Named(_) => {
            let read = object(&variant.fields, quote!(Self::#ident), None, container, false)?;
            quote! {{ let __skip: &[&str] = &[]; #read }}
        }
        Fields::Unnamed(_) => {
            let fields = fields(&variant.fields, None)?;
            if fields.len() == 1 {
                let read = value(&fields[0]);
                quote! { #read(r).map(Self::#ident) }
            } else {
                let len = fields.len();
                let items = fields.iter().map(|field| {
                    let read = value(field);
                    quote! { ::ripen_json::__private::tuple_item_with(r, #len, #read)? }
                });
                quote! {{
                    r.array()?;
                    let __value = Self::#ident(#(#items),*);
                    ::ripen_json::__private::tuple_end(r, #len)?;
                    ::core::result::Result::Ok(__value)
                }}
            }
        }
        Fields::Unit => quote! {
            if r.null()? { ::core::result::Result::Ok(Self::#ident) } else { ::core::result::Result::Err(r.invalid_type("null")) }
        },
    })
}

fn enumeration(name: &syn::Ident, data: &syn::DataEnum, container: &Container) -> syn::Result<TokenStream> {
    let rename_all = container.rename_all.as_deref();
    let mut names = Vec::new();
    for variant in &data.variants {
        names.push(variant_name(variant, rename_all)?);
    }
    let unknown = quote! {
        const __VARIANTS: &[&str] = &[#(#names),*];
        ::core::result::Result::Err(::ripen_json::__private::unknown_variant(r, __other, __VARIANTS))
    };
    if container.untagged {
        let attempts = data
            .variants
            .iter()
            .map(|variant| {
                let read = content(variant, container)?;
                Ok(quote! {
                    match (|| -> ::core::result::Result<Self, ::ripen_json::Error> { #read })() {
                        ::core::result::Result::Ok(__value) => return ::core::result::Result::Ok(__value),
                        ::core::result::Result::Err(_) => r.rewind(__at),
                    }
                })
            })
            .collect::<syn::Result<Vec<_>>>()?;
        let message = format!("data did not match any variant of untagged enum {name}");
        return Ok(quote! {
            let __at = r.position();
            #(#attempts)*
            ::core::result::Result::Err(r.error(#message))
        });
    }
    match (&container.tag, &container.content) {
        (Some(tag), None) => {
            let arms = data
                .variants
                .iter()
                .zip(&names)
                .map(|(variant, variant_name)| {
                    let ident = &variant.ident;
                    let read = match &variant.fields {
                        Fields::Named(_) => object(&variant.fields, quote!(Self::#ident), Some(tag), container, false)?,
                        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                            let ty = &fields.unnamed[0].ty;
                            quote! {{
                                let __others: ::std::vec::Vec<&str> = [#tag].into_iter().chain(__skip.iter().copied()).collect();
                                <#ty as ::ripen_json::FromJson>::read_json_fields(r, &__others).map(Self::#ident)
                            }}
                        }
                        Fields::Unit => quote! {{
                            r.object()?;
                            while r.key()?.is_some() {
                                r.skip()?;
                            }
                            ::core::result::Result::Ok(Self::#ident)
                        }},
                        Fields::Unnamed(_) => {
                            return Err(attrs::error(variant, "an internally tagged enum cannot hold a tuple variant"))
                        }
                    };
                    Ok(quote! { #variant_name => #read, })
                })
                .collect::<syn::Result<Vec<_>>>()?;
            Ok(quote! {
                let __at = r.position();
                let ::core::option::Option::Some(__name) = r.look_up(#tag)? else {
                    return ::core::result::Result::Err(::ripen_json::__private::required::<()>(r, #tag).unwrap_err());
                };
                match &*__name {
                    #(#arms)*
                    __other => { r.rewind(__at); #unknown }
                }
            })
        }
        (Some(tag), Some(content_key)) => {
            let mut arms = Vec::new();
            let mut units = Vec::new();
            for (variant, variant_name) in data.variants.iter().zip(&names) {
                let read = content(variant, container)?;
                arms.push(quote! { #variant_name => (#read)?, });
                if matches!(variant.fields, Fields::Unit) {
                    let ident = &variant.ident;
                    units.push(quote! { #variant_name => return ::core::result::Result::Ok(Self::#ident), });
                }
            }
            let other_key = if container.deny_unknown_fields {
                quote! { return ::core::result::Result::Err(::ripen_json::__private::unknown(r, __key, &[#tag, #content_key])); }
            } else {
                quote! { r.skip()?; }
            };
            Ok(quote! {
                let ::core::option::Option::Some(__name) = r.look_up(#tag)? else {
                    return ::core::result::Result::Err(::ripen_json::__private::required::<()>(r, #tag).unwrap_err());
                };
                r.object()?;
                let mut __value = ::core::option::Option::None;
                while let ::core::option::Option::Some(__key) = r.key()? {
                    let __key = &*__key;
                    if __key == #tag {
                        r.skip()?;
                    } else if __key == #content_key {
                        __value = ::core::option::Option::Some(match &*__name {
                            #(#arms)*
                            __other => return { #unknown },
                        });
                    } else {
                        #other_key
                    }
                }
                match __value {
                    ::core::option::Option::Some(__value) => ::core::result::Result::Ok(__value),
                    ::core::option::Option::None => {
                        match &*__name {
                            #(#units)*
                            _ => {}
                        }
                        ::core::result::Result::Err(::ripen_json::__private::required::<()>(r, #content_key).unwrap_err())
                    }
                }
            })
        }
        (None, Some(_)) => Err(attrs::error(name, "`content` needs `tag`")),
        (None, None) => {
            let mut unit_arms = Vec::new();
            let mut arms = Vec::new();
            for (variant, variant_name) in data.variants.iter().zip(&names) {
                let read = content(variant, container)?;
                arms.push(quote! { #variant_name => (#read)?, });
                if matches!(variant.fields, Fields::Unit) {
                    let ident = &variant.ident;
                    unit_arms.push(quote! { #variant_name => ::core::result::Result::Ok(Self::#ident), });
                }
            }
            Ok(quote! {
                let __at = r.position();
                if r.peek() == ::core::option::Option::Some(b'"') {
                    let __name = r.str()?;
                    return match &*__name {
                        #(#unit_arms)*
                        __other => { r.rewind(__at); #unknown }
                    };
                }
                if r.peek() != ::core::option::Option::Some(b'{') {
                    return ::core::result::Result::Err(r.invalid_type("an enum variant"));
                }
                r.object()?;
                let ::core::option::Option::Some(__name) = r.key()? else {
                    return ::core::result::Result::Err(r.error("expected an enum variant, found an empty object"));
                };
                let __value = match &*__name {
                    #(#arms)*
                    __other => { r.rewind(__at); return { #unknown }; }
                };
                if r.key()?.is_some() {
                    return ::core::result::Result::Err(r.error("expected the object to end after the enum variant"));
                }
                ::core::result::Result::Ok(__value)
            })
        }
    }
}
