"""The bank API (`/api/v1/`, DRF): FIs' systems call it with an API key; FI admins may call it with their session
or token. README "Bank API" describes authentication, scopes, errors, pagination and throttling.

- authentication.py: `Authorization: Api-Key <key>` → an `ApiClient` principal acting for the key's FI;
- permissions.py: who reaches the API at all, the key's scope, the IP allow-list hook;
- errors.py: every error as `{"code": ..., "detail": ...}` with a Japanese message;
- views/: thin views over the selectors and services of the apps that own the data.
"""
