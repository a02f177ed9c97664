"""gunicorn's settings for Kyodo, read from the working directory (``gunicorn --pythonpath site
wsgi`` run at the repository's root, as the tests and the benchmark do).

The open-data API takes its filters in the query string, and a client may send many of
them; gunicorn's default request line of 4,094 bytes would answer such a request with its
own bare 414 page before the API could explain what is wrong. 8,190 bytes, gunicorn's
largest, is as much as the usual reverse proxies let through (8 KB header buffers); longer
lines get the 414 from the proxy in front.
"""

limit_request_line = 8190
