-- wrk script: asks once for the URL, then sends every request with If-None-Match set to the ETag
-- of that first reply, as a browser revalidating its cached copy does (the server answers 304).
local etag = nil

function request()
  if etag then
    wrk.headers["If-None-Match"] = etag
  end
  return wrk.format()
end

function response(status, headers, body)
  if not etag then
    etag = headers["ETag"] or headers["etag"]
  end
end
