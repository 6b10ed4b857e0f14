//! The words of the audit: what an extension can do, how risky that is, and
//! what a known contact finder is known to do. Each is a closed set whose
//! labels live in `extension/_locales` (`capability_<name>`, `risk_<name>`,
//! `finderDoes_<name>`), checked by `tests/vocabulary.rs`.

use serde::{Deserialize, Serialize};

use crate::messages::vocabulary::words;

words! {
    /// One thing an extension can do, in plain words (`capability_<name>`).
    /// Those with `[site]` take the site's name as their argument.
    Capability {
        /// Reads and changes every site.
        AllSites = "allSites",
        /// Cookies and every site: it can use any login, the watched sites' included.
        AllSitesLogin = "allSitesLogin",
        /// [site] Reads and changes the pages of a watched site.
        SiteAccess = "siteAccess",
        /// [site] Cookies and access to a watched site: it can act as the person there.
        SiteLogin = "siteLogin",
        /// [sites] Reads and changes some other sites, named.
        OtherSites = "otherSites",
        /// Reads the cookies of the sites it can reach.
        Cookies = "cookies",
        /// Reads cookies, and the browser does not report which sites it reaches.
        CookiesAccessNotReported = "cookiesAccessNotReported",
        /// The browser does not report the sites its content scripts run on.
        AccessNotReported = "accessNotReported",
        History = "history",
        Tabs = "tabs",
        WebNavigation = "webNavigation",
        WebRequest = "webRequest",
        BlockRequests = "blockRequests",
        Management = "management",
        Debugger = "debugger",
        Proxy = "proxy",
        NativeMessaging = "nativeMessaging",
        ClipboardRead = "clipboardRead",
        Bookmarks = "bookmarks",
        Privacy = "privacy",
        Scripting = "scripting",
        Downloads = "downloads",
        /// Loaded unpacked, in developer mode.
        DeveloperMode = "developerMode",
        /// Installed by another program, outside the store.
        OutsideStore = "outsideStore",
        /// [host] Updates from a server that is not a store's.
        UpdatesOutsideStore = "updatesOutsideStore",
        /// Installed by the administrator's policy.
        InstalledByAdmin = "installedByAdmin",
        /// [product] A known contact-finder product.
        KnownContactFinder = "knownContactFinder",
    }
}

words! {
    /// How much an extension's capabilities put the person at risk (`risk_<name>`).
    Risk {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

words! {
    /// What a known contact finder is publicly known to do (`finderDoes_<name>`).
    FinderBehaviour {
        /// Shows e-mails and phone numbers of the profiles the person opens.
        ShowsContactDetails = "showsContactDetails",
        /// Puts its own panel into the pages.
        InjectsPanel = "injectsPanel",
        /// Reads the site's session cookie so that remote automations act as the person.
        ReadsSessionCookie = "readsSessionCookie",
        /// Finds e-mail addresses for the company of the site in view.
        LooksUpCompanyDomains = "looksUpCompanyDomains",
        /// Fined by a data-protection authority for collecting contacts.
        FinedByRegulator = "finedByRegulator",
    }
}

impl Capability {
    /// Gaining it is an alert: access to a watched site, its cookies, or a
    /// contact finder (the risks the audit exists for).
    pub fn alerts_when_gained(self) -> bool {
        use Capability::*;
        matches!(
            self,
            AllSites
                | AllSitesLogin
                | SiteAccess
                | SiteLogin
                | Cookies
                | CookiesAccessNotReported
                | KnownContactFinder
                | Debugger
        )
    }
}

words! {
    /// How an extension stood before it gained access, when it had no risk
    /// of its own to compare with (`prior_<name>`).
    Prior {
        NotInstalled = "notInstalled",
        Disabled = "disabled",
    }
}
