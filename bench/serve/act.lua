-- wrk script: POST /act with a body read from $ACT_BODY_FILE and the API key from $OFFLINERL_API_KEY.
-- Prints the count of non-2xx answers by status at the end so the caller can fail on any.
local body_file = os.getenv("ACT_BODY_FILE")
local key = os.getenv("OFFLINERL_API_KEY")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if key and #key > 0 then
  wrk.headers["Authorization"] = "Bearer " .. key
end
local f = assert(io.open(body_file, "rb"))
wrk.body = f:read("*a")
f:close()
