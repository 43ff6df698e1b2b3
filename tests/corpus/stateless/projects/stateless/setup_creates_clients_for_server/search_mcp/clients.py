import httpx
import jwt


class SearchClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._http = httpx.AsyncClient(base_url=base_url)

    async def search(self, q: str) -> list[str]:
        return (await self._http.get("/search", params={"q": q})).json()


class JWTVerifier:
    def __init__(self, jwks_url: str, audience: str) -> None:
        self.audience = audience
        self._jwks = jwt.PyJWKClient(jwks_url)

    async def verify_token(self, token: str):
        key = self._jwks.get_signing_key_from_jwt(token)
        return jwt.decode(token, key.key, algorithms=["RS256"], audience=self.audience)
