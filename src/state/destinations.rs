//! The third-party hosts each site's pages talked to, and where their
//! servers are: what the popup's "Where your data goes" view lists. Only
//! host names, counts, times and countries are kept — never an address,
//! never what was sent. The account identifiers a site's own API carries
//! stay in memory only, to recognise them in requests to the site's group.

use std::collections::VecDeque;

use serde::Serialize;

use crate::collections::{or_default, SortedMap};
use crate::destinations::ip_country::Located;
use crate::destinations::Country;
use crate::messages::event::Millis;
use crate::messages::read::{self, read_struct, FromJson, Read};
use crate::messages::vocabulary::Cap;
use crate::state::health::CapTracker;

/// Hosts remembered per site; the least recently contacted goes first.
pub const MAX_HOSTS_PER_SITE: usize = 200;
/// Sites remembered; the least recently seen goes first.
pub const MAX_SITES: usize = 500;
/// Account identifiers remembered per site (in memory).
pub const MAX_IDENTIFIERS_PER_SITE: usize = 16;

/// Where a host's server is, as far as Vigie can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ServerPlace {
    /// The country its address is registered in.
    Country { country: Country },
    /// A private or local address (a proxy, a VPN, a test server).
    Private,
    /// An address the table does not list, or no table loaded.
    Unknown,
}

impl ServerPlace {
    pub fn from_located(located: Option<Located>) -> ServerPlace {
        match located {
            Some(Located::Country(country)) => ServerPlace::Country { country },
            Some(Located::Private) => ServerPlace::Private,
            Some(Located::Unlisted) | None => ServerPlace::Unknown,
        }
    }

    pub fn country(&self) -> Option<Country> {
        match self {
            ServerPlace::Country { country } => Some(*country),
            _ => None,
        }
    }
}

/// One third-party host a site's pages contacted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostContact {
    pub requests: u64,
    pub first_seen: Millis,
    pub last_seen: Millis,
    /// The countries its servers answered from (a host may be served from
    /// several), most recent last.
    pub servers: Vec<ServerPlace>,
    /// Requests to it whose body the browser did not let Vigie read (see
    /// [`DestinationLog::unread`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub unread: u64,
    /// Requests to it whose body was longer than Vigie reads (see
    /// [`DestinationLog::cut`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub cut: u64,
    /// WebSocket connections opened to it (see [`DestinationLog::contacted`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub sockets: u64,
    /// Messages sent to it over those connections that Vigie's hooks read
    /// in the page (see [`DestinationLog::messages_read`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub socket_messages: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Places kept per host.
const MAX_PLACES_PER_HOST: usize = 4;

/// One site's contacted hosts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteDestinations {
    pub hosts: SortedMap<String, HostContact>,
    pub last_seen: Millis,
    /// Account identifiers the site's own API carried (memory only).
    #[serde(skip)]
    pub identifiers: VecDeque<String>,
}

/// Every site's contacted hosts, bounded.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DestinationLog {
    sites: SortedMap<String, SiteDestinations>,
}

impl DestinationLog {
    pub fn site(&self, site: &str) -> Option<&SiteDestinations> {
        self.sites.get(site)
    }

    fn site_mut(&mut self, site: &str, time: Millis) -> &mut SiteDestinations {
        if !self.sites.contains_key(site) && self.sites.len() >= MAX_SITES {
            let oldest = self
                .sites
                .iter()
                .min_by(|a, b| a.1.last_seen.total_cmp(&b.1.last_seen))
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.sites.remove(&oldest);
            }
        }
        let entry = or_default(&mut self.sites, site.to_owned());
        entry.last_seen = entry.last_seen.max(time);
        entry
    }

    fn host_mut(
        &mut self,
        site: &str,
        host: &str,
        time: Millis,
        caps: &mut CapTracker,
    ) -> &mut HostContact {
        let entry = self.site_mut(site, time);
        if !entry.hosts.contains_key(host) && entry.hosts.len() >= MAX_HOSTS_PER_SITE {
            let oldest = entry
                .hosts
                .iter()
                .min_by(|a, b| a.1.last_seen.total_cmp(&b.1.last_seen))
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entry.hosts.remove(&oldest);
            }
            caps.hit(Cap::DestinationHosts, MAX_HOSTS_PER_SITE);
        }
        let contact = entry.hosts.entry(host.to_owned()).or_insert(HostContact {
            requests: 0,
            first_seen: time,
            last_seen: time,
            servers: vec![],
            unread: 0,
            cut: 0,
            sockets: 0,
            socket_messages: 0,
        });
        contact.first_seen = contact.first_seen.min(time);
        contact.last_seen = contact.last_seen.max(time);
        contact
    }

    /// A request from a page of `site` to the third-party `host`; with
    /// `socket`, a WebSocket's opening handshake: the browser shows
    /// extensions that, not the messages sent over it while it stays open,
    /// whatever the page had to look for then.
    pub fn contacted(
        &mut self,
        site: &str,
        host: &str,
        socket: bool,
        time: Millis,
        caps: &mut CapTracker,
    ) {
        let contact = self.host_mut(site, host, time, caps);
        contact.requests = contact.requests.saturating_add(1);
        contact.sockets = contact.sockets.saturating_add(u64::from(socket));
    }

    /// `count` messages a page of `site` sent to `host` over an open
    /// WebSocket, read by Vigie's hooks in the page as its scripts handed
    /// them to the browser (a socket opened in a worker, or before the
    /// hooks, is not read).
    pub fn messages_read(
        &mut self,
        site: &str,
        host: &str,
        count: u32,
        time: Millis,
        caps: &mut CapTracker,
    ) {
        let contact = self.host_mut(site, host, time, caps);
        contact.socket_messages = contact.socket_messages.saturating_add(u64::from(count));
    }

    /// A request of a page of `site` to `host` carried a body the browser
    /// kept from extensions, in whole or in part (a `Blob` body, the `Blob`
    /// parts of a multipart form), while the tab held values to look for
    /// (typed, watched or shown): they could not be looked for in all of it.
    pub fn unread(&mut self, site: &str, host: &str, time: Millis, caps: &mut CapTracker) {
        let contact = self.host_mut(site, host, time, caps);
        contact.unread = contact.unread.saturating_add(1);
    }

    /// A request of a page of `site` to `host` carried a body longer than
    /// the engine's `maxBodyBytes`, cut there before it was searched (by
    /// the shell, the hooks or a capture), while the tab held values to look
    /// for: the rest of it was not searched.
    pub fn cut(&mut self, site: &str, host: &str, time: Millis, caps: &mut CapTracker) {
        let contact = self.host_mut(site, host, time, caps);
        contact.cut = contact.cut.saturating_add(1);
    }

    /// A server of `host` answered a page of `site` from `place`; true when
    /// the place is new for the host.
    pub fn served(
        &mut self,
        site: &str,
        host: &str,
        place: ServerPlace,
        time: Millis,
        caps: &mut CapTracker,
    ) -> bool {
        let contact = self.host_mut(site, host, time, caps);
        if let Some(at) = contact.servers.iter().position(|p| *p == place) {
            let known = contact.servers.remove(at);
            contact.servers.push(known);
            return false;
        }
        if contact.servers.len() >= MAX_PLACES_PER_HOST {
            contact.servers.remove(0);
        }
        contact.servers.push(place);
        true
    }

    /// Where the servers of `host` answered pages of `site` from.
    pub fn places(&self, site: &str, host: &str) -> &[ServerPlace] {
        self.sites
            .get(site)
            .and_then(|s| s.hosts.get(host))
            .map_or(&[], |h| h.servers.as_slice())
    }

    /// Remembers an account identifier the site's own API carried.
    pub fn identifier(&mut self, site: &str, value: &str, time: Millis) {
        let entry = self.site_mut(site, time);
        if entry.identifiers.iter().any(|v| v == value) {
            return;
        }
        if entry.identifiers.len() >= MAX_IDENTIFIERS_PER_SITE {
            entry.identifiers.pop_front();
        }
        entry.identifiers.push_back(value.to_owned());
    }

    pub fn forget(&mut self, site: &str) {
        self.sites.remove(site);
    }
}

impl FromJson for ServerPlace {
    fn from_json(v: &serde_json::Value) -> Read<ServerPlace> {
        let m = read::object(v)?;
        Ok(match read::tag(m, "kind")? {
            "country" => ServerPlace::Country {
                country: read::field(m, "country")?,
            },
            "private" => ServerPlace::Private,
            "unknown" => ServerPlace::Unknown,
            other => return Err(read::unknown_variant(other)),
        })
    }
}

read_struct!(HostContact {
    requests: "requests",
    first_seen: "firstSeen",
    last_seen: "lastSeen",
    servers: default "servers",
    unread: default "unread",
    cut: default "cut",
    sockets: default "sockets",
    socket_messages: default "socketMessages",
});

read_struct!(SiteDestinations {
    hosts: "hosts",
    last_seen: "lastSeen",
    identifiers: skip,
});

read_struct!(DestinationLog { sites: "sites" });
