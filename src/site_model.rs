//! Site models: what Vigie knows about a profile site, as data.
//!
//! Adding a site is adding a JSON file under `src/sites/` and a line in
//! [`SiteModels::builtin`]; no detector changes. A model says which hosts are
//! the site's own, which paths are profile pages (and which part of the path
//! names the person), and where the contact dialog lives.

use regex::Regex;
use serde::Deserialize;

use crate::weburl::WebUrl;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SiteModelData {
    id: String,
    name: String,
    hosts: Vec<String>,
    first_party_host_suffixes: Vec<String>,
    profile_path: String,
    contact_dialog_path: String,
}

/// One profile site, compiled.
#[derive(Debug)]
pub struct SiteModel {
    pub id: String,
    pub name: String,
    hosts: Vec<String>,
    first_party_host_suffixes: Vec<String>,
    profile_path: Regex,
    contact_dialog_path: Regex,
}

/// What a page of a modelled site is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A person's profile; `slug` names them (`/in/<slug>/`).
    Profile { slug: String },
    /// The contact-info dialog of a profile.
    ContactDialog { slug: String },
    /// Any other page of the site.
    Other,
}

impl PageKind {
    /// The profile the page shows, if any.
    pub fn slug(&self) -> Option<&str> {
        match self {
            PageKind::Profile { slug } | PageKind::ContactDialog { slug } => Some(slug),
            PageKind::Other => None,
        }
    }
}

impl SiteModel {
    fn compile(data: SiteModelData) -> Result<SiteModel, regex::Error> {
        Ok(SiteModel {
            profile_path: Regex::new(&data.profile_path)?,
            contact_dialog_path: Regex::new(&data.contact_dialog_path)?,
            id: data.id,
            name: data.name,
            hosts: data.hosts,
            first_party_host_suffixes: data.first_party_host_suffixes,
        })
    }

    /// True when `host` serves this site's pages.
    pub fn serves(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h == host)
    }

    /// True when `host` belongs to the site (its pages, CDN, API).
    pub fn is_first_party(&self, host: &str) -> bool {
        self.first_party_host_suffixes.iter().any(|s| {
            host == s
                || host
                    .strip_suffix(s.as_str())
                    .is_some_and(|p| p.ends_with('.'))
        })
    }

    /// Classifies a page of this site by its path.
    pub fn classify_path(&self, path: &str) -> PageKind {
        if let Some(slug) = capture(&self.contact_dialog_path, path) {
            return PageKind::ContactDialog { slug };
        }
        if let Some(slug) = capture(&self.profile_path, path) {
            return PageKind::Profile { slug };
        }
        PageKind::Other
    }
}

fn capture(re: &Regex, path: &str) -> Option<String> {
    let slug = re.captures(path)?.get(1)?.as_str();
    (!slug.is_empty()).then(|| slug.to_owned())
}

/// All site models, looked up by host.
#[derive(Debug)]
pub struct SiteModels {
    models: Vec<SiteModel>,
}

impl SiteModels {
    /// The models shipped with Vigie.
    pub fn builtin() -> SiteModels {
        let sources = [include_str!("sites/linkedin.json")];
        let models = sources
            .iter()
            .map(|src| {
                // The built-in models are part of the program: a broken one is a
                // build defect caught by `builtin_models_compile`, not an input error.
                let data: SiteModelData =
                    serde_json::from_str(src).expect("built-in site model is valid JSON");
                SiteModel::compile(data).expect("built-in site model patterns compile")
            })
            .collect();
        SiteModels { models }
    }

    /// The model serving `host`, if any.
    pub fn for_host(&self, host: &str) -> Option<&SiteModel> {
        self.models.iter().find(|m| m.serves(host))
    }

    /// What a page shows, as a key: a profile of a modelled site is the same
    /// page whether or not its contact dialog is open; elsewhere, host and path.
    ///
    /// ```
    /// use vigie::{site_model::SiteModels, weburl::WebUrl};
    /// let models = SiteModels::builtin();
    /// let a = WebUrl::parse("https://www.linkedin.com/in/ada/").unwrap();
    /// let b = WebUrl::parse("https://www.linkedin.com/in/ada/overlay/contact-info/").unwrap();
    /// assert_eq!(models.page_identity(&a), models.page_identity(&b));
    /// ```
    pub fn page_identity(&self, url: &WebUrl<'_>) -> String {
        match self
            .classify(url)
            .and_then(|(_, kind)| kind.slug().map(str::to_owned))
        {
            Some(slug) => format!("{}|profile|{slug}", url.host),
            None => format!("{}|{}", url.host, url.path),
        }
    }

    /// The model and page kind for a page URL.
    pub fn classify(&self, url: &WebUrl<'_>) -> Option<(&SiteModel, PageKind)> {
        let model = self.for_host(&url.host)?;
        Some((model, model.classify_path(url.path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str) -> Option<PageKind> {
        let models = SiteModels::builtin();
        let url = WebUrl::parse(url).unwrap();
        models.classify(&url).map(|(_, kind)| kind)
    }

    #[test]
    fn builtin_models_compile() {
        assert_eq!(SiteModels::builtin().models.len(), 1);
    }

    #[test]
    fn profile_urls_name_the_person() {
        assert_eq!(
            page("https://www.linkedin.com/in/alice-martin/"),
            Some(PageKind::Profile {
                slug: "alice-martin".into()
            })
        );
        assert_eq!(
            page("https://www.linkedin.com/in/alice-martin"),
            Some(PageKind::Profile {
                slug: "alice-martin".into()
            })
        );
        assert_eq!(
            page("https://www.linkedin.com/in/alice-martin/details/skills/?x=1"),
            Some(PageKind::Profile {
                slug: "alice-martin".into()
            })
        );
    }

    #[test]
    fn contact_dialog_is_its_own_page_kind() {
        assert_eq!(
            page("https://www.linkedin.com/in/bob/overlay/contact-info/"),
            Some(PageKind::ContactDialog { slug: "bob".into() })
        );
    }

    #[test]
    fn other_linkedin_pages_are_not_profiles() {
        for url in [
            "https://www.linkedin.com/feed/",
            "https://www.linkedin.com/",
            "https://www.linkedin.com/in/",
            "https://www.linkedin.com/company/acme/",
            "https://www.linkedin.com/search/results/people/?keywords=in",
        ] {
            assert_eq!(page(url), Some(PageKind::Other), "{url}");
        }
    }

    #[test]
    fn lookalike_hosts_are_not_linkedin() {
        assert_eq!(page("https://www.linkedin.com.evil.test/in/alice/"), None);
        assert_eq!(page("https://notlinkedin.com/in/alice/"), None);
    }

    #[test]
    fn first_party_hosts_include_the_cdn_but_not_lookalikes() {
        let models = SiteModels::builtin();
        let li = models.for_host("www.linkedin.com").unwrap();
        assert!(li.is_first_party("static.licdn.com"));
        assert!(li.is_first_party("linkedin.com"));
        assert!(!li.is_first_party("evillinkedin.com"));
        assert!(!li.is_first_party("linkedin.com.evil.test"));
    }
}
