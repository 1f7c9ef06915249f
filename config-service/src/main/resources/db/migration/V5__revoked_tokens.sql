-- Signed-out tokens: a token whose id (jti) is listed here is refused until it expires, by every replica sharing the
-- database. Rows are only needed until the token's own expiry and are pruned after it. H2 and PostgreSQL alike.
create table revoked_token (
    jti        varchar(255) primary key,
    expires_at timestamp with time zone not null
);
create index revoked_token_expires on revoked_token (expires_at);
