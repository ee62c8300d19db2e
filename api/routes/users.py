"""Users and bearer tokens (admins), and ``GET /api/me``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.auth import AdminDep, UserDep
from api.deps import StoreDep
from api.pagination import Page, PageDep
from api.problems import ForbiddenError, problem_responses
from kb.auth import Role
from kb.doc import KEY_PATTERN
from kb.errors import NotFoundError
from kb.schemas import UserCreate, UserPublic

router = APIRouter(tags=["users"])

UserName = Annotated[str, Path(pattern=KEY_PATTERN, description="The user's name.")]


class NewUser(UserCreate):
    """A user to create; `debates` are granted to them as their editor (an editor
    without `debates` is a global editor: every debate)."""

    debates: list[Annotated[str, Field(pattern=KEY_PATTERN)]] = Field(
        default_factory=list, max_length=1000
    )


class UserWithToken(UserPublic):
    token: str = Field(description="The bearer token: shown once, stored only hashed.")


class TokenOut(BaseModel):
    user: str
    token: str = Field(description="The bearer token: shown once, stored only hashed.")


class TokenRevoke(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=200, description="The token to revoke.")


class Revoked(BaseModel):
    revoked: int = Field(description="How many tokens were revoked.")


class Me(BaseModel):
    name: str
    role: Role
    global_editor: bool = Field(description="An editor of every debate (admins too).")
    editor_of: list[str]


@router.get(
    "/api/me",
    operation_id="read_me",
    summary="Who the bearer token belongs to",
    response_model=Me,
    responses=problem_responses(401),
)
def read_me(actor: UserDep) -> Me:
    """Your name, role and the debates you may edit (`global_editor`: every debate)."""
    return Me(name=actor.name, role=actor.role, global_editor=actor.global_editor,
              editor_of=sorted(actor.editor_of))


@router.get(
    "/api/users",
    operation_id="list_users",
    summary="List users (admins)",
    response_model=Page[UserPublic],
    responses=problem_responses(401, 403, 422),
)
def list_users(admin: AdminDep, store: StoreDep, page: PageDep) -> Page[UserPublic]:
    """Every user by name, with the debates they edit."""
    return page.slice(store.list_users())


@router.post(
    "/api/users",
    operation_id="create_user",
    summary="Create a user and their first token (admins)",
    status_code=status.HTTP_201_CREATED,
    response_model=UserWithToken,
    responses=problem_responses(401, 403, 404, 409, 413, 422),
)
def create_user(
    admin: AdminDep,
    data: Annotated[NewUser, Body(examples=[{"name": "ann", "role": "editor",
                                             "debates": ["asan-2024"]}])],
    store: StoreDep,
    response: Response,
) -> UserWithToken:
    """Create a user with role admin, editor or reader; the answer holds their bearer
    token, the only time it is shown. An editor with `debates` edits those debates only;
    without, they are a global editor of every debate (public or private), who still may
    not manage users. 409 when the name is taken."""
    user, token = store.add_user(data.name, data.role, debates=data.debates)
    response.headers["Location"] = f"/api/users/{user.name}"
    return UserWithToken(**user.model_dump(), token=token)


@router.get(
    "/api/users/{name}",
    operation_id="read_user",
    summary="Read one user (admins)",
    response_model=UserPublic,
    responses=problem_responses(401, 403, 404, 422),
)
def read_user(admin: AdminDep, name: UserName, store: StoreDep) -> UserPublic:
    """The user's role and the debates they edit."""
    return store.get_user(name)


@router.post(
    "/api/users/{name}/tokens",
    operation_id="create_token",
    summary="Issue a new token for a user (admins)",
    status_code=status.HTTP_201_CREATED,
    response_model=TokenOut,
    responses=problem_responses(401, 403, 404, 422),
)
def create_token(admin: AdminDep, name: UserName, store: StoreDep) -> TokenOut:
    """A new bearer token (earlier tokens stay valid until revoked)."""
    return TokenOut(user=name, token=store.issue_token(name))


@router.delete(
    "/api/users/{name}/tokens",
    operation_id="revoke_tokens",
    summary="Revoke every token of a user (admins)",
    response_model=Revoked,
    responses=problem_responses(401, 403, 404, 422),
)
def revoke_tokens(admin: AdminDep, name: UserName, store: StoreDep) -> Revoked:
    """Every token of the user stops working at once."""
    return Revoked(revoked=store.revoke_token(name))


@router.post(
    "/api/tokens/revoke",
    operation_id="revoke_token",
    summary="Revoke one token (its owner or an admin)",
    response_model=Revoked,
    responses=problem_responses(401, 403, 404, 413, 422),
)
def revoke_token(actor: UserDep, data: TokenRevoke, store: StoreDep) -> Revoked:
    """Revoke the token given in the body: your own (e.g. on logout), or anyone's if
    you are an admin."""
    owner = store.actor_for_token(data.token)
    if owner is None:
        raise NotFoundError("no such active token (unknown or already revoked)")
    if owner.name != actor.name and not actor.is_admin:
        raise ForbiddenError("you may revoke only your own tokens")
    return Revoked(revoked=store.revoke_token(owner.name, token=data.token))
