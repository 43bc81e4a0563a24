-- wrk script: POST /predict with one tweet per request, cycling through real sample tweets
-- (one JSON body per line of the file named by the TWEETS environment variable).
local bodies = {}
for line in io.lines(os.getenv("TWEETS")) do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/predict", nil, bodies[i])
end
