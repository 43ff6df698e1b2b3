"""OAuth provider storing clients and tokens in the database."""

from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    OAuthAuthorizationServerProvider,
    RefreshToken,
)
from mcp.shared.auth import OAuthClientInformationFull
from sqlalchemy import Engine
from sqlmodel import Session

from auth_demo.models import ClientRow, TokenRow


class DatabaseOAuthProvider(
    OAuthAuthorizationServerProvider[AuthorizationCode, RefreshToken, AccessToken]
):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        with Session(self.engine) as session:
            row = session.get(ClientRow, client_id)
            return OAuthClientInformationFull.model_validate_json(row.payload) if row else None

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        with Session(self.engine) as session:
            session.add(ClientRow(client_id=client_info.client_id, payload=client_info.json()))
            session.commit()

    async def load_access_token(self, token: str) -> AccessToken | None:
        with Session(self.engine) as session:
            row = session.get(TokenRow, token)
            if row is None:
                return None
            return AccessToken(
                token=row.token,
                client_id=row.client_id,
                scopes=row.scopes.split(),
                expires_at=row.expires_at,
            )

    async def revoke_token(self, token: AccessToken | RefreshToken) -> None:
        with Session(self.engine) as session:
            row = session.get(TokenRow, token.token)
            if row is not None:
                session.delete(row)
                session.commit()
