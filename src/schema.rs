// @generated automatically by Diesel CLI.

diesel::table! {
    audit_events (id) {
        id -> Int8,
        occurred_at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        action -> Text,
        subject_type -> Text,
        subject_id -> Uuid,
        details -> Jsonb,
        prev_hash -> Bytea,
        hash -> Bytea,
    }
}

diesel::table! {
    households (id) {
        id -> Uuid,
        head_name -> Text,
        #[max_length = 12]
        region_code -> Varchar,
        id_number_digest -> Nullable<Bytea>,
        id_number_masked -> Nullable<Text>,
        phone -> Nullable<Text>,
        size -> Nullable<Int2>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Uuid,
        key -> Uuid,
        request_fingerprint -> Bytea,
        response_status -> Nullable<Int2>,
        response_body -> Nullable<Bytea>,
        created_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    jobs (id) {
        id -> Int8,
        kind -> Text,
        payload -> Jsonb,
        state -> Text,
        attempts -> Int4,
        max_attempts -> Int4,
        run_at -> Timestamptz,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    jurisdictions (official_id) {
        official_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        granted_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    organizations (id) {
        id -> Uuid,
        kind -> Text,
        name -> Text,
        #[max_length = 18]
        credit_code -> Bpchar,
        verified_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        verified_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        family_id -> Uuid,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    regions (code) {
        #[max_length = 12]
        code -> Varchar,
        name -> Text,
        level -> Text,
        #[max_length = 12]
        parent_code -> Nullable<Varchar>,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        email -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        organization_id -> Nullable<Uuid>,
        household_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(audit_events -> users (actor_id));
diesel::joinable!(households -> regions (region_code));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(jurisdictions -> regions (region_code));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(users -> households (household_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_events,
    households,
    idempotency_keys,
    jobs,
    jurisdictions,
    organizations,
    refresh_tokens,
    regions,
    users,
);
