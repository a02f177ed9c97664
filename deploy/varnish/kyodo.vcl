# Varnish in front of Kyodo (docs/caching.md): keeps what Kyodo's page cache says a shared
# cache may keep (s-maxage), for readers without a session, and accepts PURGE (one address)
# and BAN (every page) from the site's own machine, which Kyodo sends when something is
# published (FRONTEND_CACHE_URL, home/frontend_cache.py).
#
# One Varnish serves one Kyodo site: the key is the path with its query string and the
# reader's preference cookies, not the host name, so that a purge reaches the page whatever
# name the reader used (and whatever name the site's settings give the site).
vcl 4.1;

# Where gunicorn listens.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge and ban: the machine Kyodo runs on.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the APIs (with a cache of their own) and documents (which may be private)
    # always go to Kyodo.
    if (req.url ~ "^/(admin|django-admin|api|documents)/") {
        return (pass);
    }
    # Signed-in staff and readers with messages waiting.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Only the reader's preference cookies (KYODO_PAGE_CACHE_VARY_COOKIES) reach Kyodo and
    # the key: other cookies (analytics, the CSRF token) would make every reader's key their own.
    if (req.http.Cookie) {
        set req.http.Cookie = ";" + req.http.Cookie;
        set req.http.Cookie = regsuball(req.http.Cookie, "; +", ";");
        set req.http.Cookie = regsuball(req.http.Cookie, ";(kyodo_ruby|kyodo_text_size|kyodo_background)=", "; \1=");
        set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");
        set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }
    # The language of a public page is in its path (/en/…, Japanese at the root).
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.Cookie) {
        hash_data(req.http.Cookie);
    }
    return (lookup);
}

sub vcl_backend_response {
    # Only what Kyodo marks as shareable (s-maxage): never a page for a signed-in user,
    # a draft's preview, an answer that sets a cookie, or an error.
    if (beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Kept an hour past its time, for when Kyodo does not answer; purges and bans remove
    # it at once.
    set beresp.grace = 1h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    return (deliver);
}
