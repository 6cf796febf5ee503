//! Who the client is, for the sign-in throttle and the sessions list: the connection's peer,
//! unless that peer is a proxy named in `PDSA_TRUSTED_PROXIES`; then the address the proxies
//! appended to `X-Forwarded-For`, read from the right and skipping trusted proxies. An
//! untrusted peer's `X-Forwarded-For` is ignored: anyone can send one.

use std::net::IpAddr;

/// One trusted proxy: an address, or a range (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    base: IpAddr,
    prefix: u8,
}

impl Range {
    fn parse(text: &str) -> Result<Range, String> {
        let (ip, prefix) = text.split_once('/').unwrap_or((text, ""));
        let base: IpAddr = ip
            .trim()
            .parse()
            .map_err(|_| format!("PDSA_TRUSTED_PROXIES: {text:?} is not an IP address or range"))?;
        let full = if base.is_ipv4() { 32 } else { 128 };
        let prefix =
            match prefix.trim() {
                "" => full,
                p => p.parse::<u8>().ok().filter(|p| *p <= full).ok_or_else(|| {
                    format!("PDSA_TRUSTED_PROXIES: {text:?} has a bad prefix length")
                })?,
            };
        Ok(Range { base, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> Option<(u128, u8)> {
            match (self.base, ip) {
                (IpAddr::V4(_), IpAddr::V4(v)) => Some((u32::from(v) as u128, 32)),
                (IpAddr::V6(_), IpAddr::V6(v)) => Some((u128::from(v), 128)),
                _ => None,
            }
        };
        let (Some((a, width)), Some((b, _))) = (bits(self.base), bits(ip)) else {
            return false;
        };
        let shift = u32::from(width - self.prefix);
        a.checked_shr(shift).unwrap_or(0) == b.checked_shr(shift).unwrap_or(0)
    }
}

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Range>);

impl TrustedProxies {
    /// A comma-separated list of addresses and ranges; empty trusts none.
    pub fn parse(text: &str) -> Result<TrustedProxies, String> {
        text.split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(Range::parse)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|r| r.contains(ip))
    }

    /// The client's address: `peer` itself unless it is trusted; then the right-most entry of
    /// the `X-Forwarded-For` values (in header order) that is not a trusted proxy. An entry that
    /// is not an address stops the walk there (a proxy would not have written it).
    pub fn client(&self, peer: IpAddr, forwarded: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        let hops = forwarded.iter().flat_map(|v| v.split(',')).map(str::trim);
        for hop in hops.collect::<Vec<_>>().into_iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// The throttle's key for an address: IPv6 by its /64 (one machine usually holds the whole
/// block), IPv4 as it is.
pub fn throttle_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v) => v.to_string(),
        IpAddr::V6(v) => match v.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
        let some = TrustedProxies::parse("10.0.0.1").unwrap();
        assert_eq!(
            some.client(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7").unwrap();
        // The client forged "6.6.6.6"; the proxies appended the real address and each other.
        let xff = ["6.6.6.6, 198.51.100.4", "192.0.2.7"];
        assert_eq!(t.client(ip("10.1.2.3"), &xff), ip("198.51.100.4"));
        assert_eq!(t.client(ip("10.1.2.3"), &[]), ip("10.1.2.3"));
        assert_eq!(
            t.client(ip("10.1.2.3"), &["junk, 10.0.0.2"]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn ranges_and_bad_values() {
        let t = TrustedProxies::parse("fd00::/8,127.0.0.1").unwrap();
        assert!(t.trusts(ip("fd12::1")) && !t.trusts(ip("fe80::1")));
        assert!(t.trusts(ip("127.0.0.1")) && !t.trusts(ip("127.0.0.2")));
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .trusts(ip("8.8.8.8"))
        );
    }

    #[test]
    fn ipv6_clients_are_throttled_by_their_block() {
        assert_eq!(
            throttle_key(ip("2001:db8:1:2:3:4:5:6")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(throttle_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
        assert_eq!(throttle_key(ip("127.0.0.2")), "127.0.0.2");
    }
}
