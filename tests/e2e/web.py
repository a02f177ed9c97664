"""Just enough of a browser for the e2e tests that talk to a served site over HTTP: cookies,
the CSRF token, forms (also multipart), redirects followed by hand.

The served site runs the production settings (secure cookies, HTTPS behind a proxy), so
the client says it came through an HTTPS proxy (``X-Forwarded-Proto``) and keeps the
secure cookies although it talks plain HTTP to the loopback address.
"""

from __future__ import annotations

import http.cookiejar
import io
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid


class _KeepSecureCookies(http.cookiejar.DefaultCookiePolicy):
    """The site sets Secure cookies (it believes the request came over HTTPS)."""

    def return_ok_secure(self, cookie, request):
        return True


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser: cookies, CSRF token, forms, redirects followed by hand."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar(policy=_KeepSecureCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects)

    def _open(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None):
        url = path if path.startswith("http") else self.base_url + path
        url = re.sub(r"^https://", "http://", url)
        headers = {"X-Forwarded-Proto": "https", "Referer": "https://" + url.split("://", 1)[1]}
        if content_type:
            headers["Content-Type"] = content_type
        if method == "POST":
            headers["X-CSRFToken"] = self.csrf_token()
        request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310 (loopback)
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, response.headers, response.read().decode("utf-8", "replace")

    def get_bytes(self, path: str):
        url = self.base_url + path
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 (loopback)
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()

    def get(self, path: str, *, follow: bool = True):
        status, headers, text = self._open("GET", path)
        while follow and status in (301, 302, 303) and headers.get("Location"):
            status, headers, text = self._open(
                "GET", urllib.parse.urljoin(self.base_url + path, headers["Location"])
            )
        return status, headers, text

    def post(self, path: str, fields: dict | list, *, files: dict | None = None):
        fields = list(fields.items()) if isinstance(fields, dict) else fields
        fields.append(("csrfmiddlewaretoken", self.csrf_token()))
        if files:
            boundary = uuid.uuid4().hex
            body = io.BytesIO()
            for name, value in fields:
                disposition = f'Content-Disposition: form-data; name="{name}"'
                body.write(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
            for name, (filename, content) in files.items():
                disposition = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'
                kind = "Content-Type: text/x-gettext-translation"
                body.write(f"--{boundary}\r\n{disposition}\r\n{kind}\r\n\r\n".encode())
                body.write(content + b"\r\n")
            body.write(f"--{boundary}--\r\n".encode())
            return self._open("POST", path, body.getvalue(), f"multipart/form-data; boundary={boundary}")
        return self._open(
            "POST", path, urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        )

    def csrf_token(self) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")

    def log_in(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        status, headers, _text = self.post("/admin/login/", {"username": username, "password": password})
        assert status == 302, "the admin did not accept the login"
