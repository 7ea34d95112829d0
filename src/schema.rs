// @generated automatically by Diesel CLI.

diesel::table! {
    audit_checkpoint_heads (checkpoint_id, chain) {
        checkpoint_id -> Int8,
        chain -> Text,
        last_event_id -> Int8,
        head_hash -> Bytea,
    }
}

diesel::table! {
    audit_checkpoints (id) {
        id -> Int8,
        day -> Date,
        last_event_id -> Int8,
        head_hash -> Bytea,
        signature -> Bytea,
        public_key -> Bytea,
        created_at -> Timestamptz,
        version -> Int2,
    }
}

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
        chain -> Text,
    }
}

diesel::table! {
    campaign_funds (id) {
        id -> Uuid,
        campaign_id -> Uuid,
        enterprise_id -> Uuid,
        organization_id -> Uuid,
        ratio_percent -> Int4,
        cap_fen -> Int8,
        drawn_fen -> Int8,
        last_draw_fen -> Int8,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    campaign_matches (id) {
        id -> Uuid,
        campaign_id -> Uuid,
        fund_id -> Uuid,
        pledge_id -> Uuid,
        need_id -> Uuid,
        enterprise_id -> Uuid,
        amount_fen -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    campaign_pledges (campaign_id, pledge_id) {
        campaign_id -> Uuid,
        pledge_id -> Uuid,
        need_id -> Uuid,
        value_fen -> Int8,
        confirmed_at -> Timestamptz,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Uuid,
        name -> Text,
        description -> Text,
        starts_at -> Timestamptz,
        ends_at -> Timestamptz,
        region_codes -> Array<Nullable<Text>>,
        categories -> Array<Nullable<Text>>,
        created_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    check_findings (id) {
        id -> Uuid,
        item_id -> Uuid,
        result -> Text,
        problem_kind -> Nullable<Text>,
        suspected -> Bool,
        note -> Text,
        recorded_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    check_items (id) {
        id -> Uuid,
        round_id -> Uuid,
        position -> Int4,
        subject_type -> Text,
        subject_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    check_rounds (id) {
        id -> Uuid,
        kind -> Text,
        #[max_length = 12]
        region_code -> Varchar,
        period_from -> Timestamptz,
        period_to -> Timestamptz,
        subjects -> Array<Nullable<Text>>,
        sample_size -> Int4,
        seed -> Bytea,
        seed_event_id -> Int8,
        candidates -> Int4,
        checker_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    complaints (id) {
        id -> Uuid,
        subject_type -> Text,
        subject_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        complainant_id -> Uuid,
        body -> Text,
        status -> Text,
        escalation_level -> Int2,
        escalated_at -> Nullable<Timestamptz>,
        response -> Nullable<Text>,
        resolved_by -> Nullable<Uuid>,
        resolved_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    email_tokens (token_hash) {
        token_hash -> Bytea,
        user_id -> Uuid,
        purpose -> Text,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    evidence (id) {
        id -> Uuid,
        need_id -> Uuid,
        uploaded_by -> Uuid,
        label -> Text,
        content_type -> Text,
        width -> Int4,
        height -> Int4,
        thumb_width -> Int4,
        thumb_height -> Int4,
        byte_size -> Int4,
        sha256 -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    household_work (household_id) {
        household_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        able_to_work -> Int2,
        skills -> Array<Nullable<Text>>,
        willing_to_travel -> Text,
        updated_by -> Uuid,
        updated_at -> Timestamptz,
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
        causes -> Array<Nullable<Text>>,
        monitoring_status -> Text,
        created_by -> Nullable<Uuid>,
        id_digest_scheme -> Int2,
        id_number_confirmed_at -> Nullable<Timestamptz>,
        id_number_confirmed_by -> Nullable<Uuid>,
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
    job_applications (id) {
        id -> Uuid,
        job_id -> Uuid,
        household_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        applied_by -> Uuid,
        age_band -> Text,
        skills -> Array<Nullable<Text>>,
        note -> Text,
        status -> Text,
        invited_at -> Nullable<Timestamptz>,
        accepted_at -> Nullable<Timestamptz>,
        accepted_by -> Nullable<Uuid>,
        hired_at -> Nullable<Timestamptz>,
        start_date -> Nullable<Date>,
        pay_fen -> Nullable<Int8>,
        ended_at -> Nullable<Timestamptz>,
        ended_by -> Nullable<Uuid>,
        end_reason -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    job_postings (id) {
        id -> Uuid,
        employer_id -> Uuid,
        organization_id -> Uuid,
        title -> Text,
        description -> Text,
        #[max_length = 12]
        region_code -> Varchar,
        positions -> Int4,
        hired -> Int4,
        pay_min_fen -> Int8,
        pay_max_fen -> Int8,
        pay_period -> Text,
        skills -> Array<Nullable<Text>>,
        housing -> Bool,
        valid_until -> Timestamptz,
        status -> Text,
        closed_reason -> Nullable<Text>,
        closed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    job_retention_checks (id) {
        id -> Uuid,
        application_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        days_after_hire -> Int2,
        due_at -> Timestamptz,
        notified_at -> Nullable<Timestamptz>,
        still_employed -> Nullable<Bool>,
        note -> Nullable<Text>,
        answered_by -> Nullable<Uuid>,
        answered_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
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
        enqueued_at -> Timestamptz,
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
    need_reviews (id) {
        id -> Uuid,
        need_id -> Uuid,
        official_id -> Uuid,
        decision -> Text,
        reason -> Nullable<Text>,
        flags -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    needs (id) {
        id -> Uuid,
        household_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        posted_by -> Uuid,
        title -> Text,
        description -> Text,
        category -> Text,
        urgency -> Text,
        quantity -> Int4,
        unit -> Text,
        estimated_value_fen -> Int8,
        deadline -> Timestamptz,
        status -> Text,
        pledged_quantity -> Int4,
        confirmed_quantity -> Int4,
        rejection_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    offers (id) {
        id -> Uuid,
        owner_id -> Uuid,
        title -> Text,
        description -> Text,
        category -> Text,
        quantity -> Int4,
        unit -> Text,
        #[max_length = 12]
        service_area_code -> Nullable<Varchar>,
        valid_until -> Timestamptz,
        value_per_unit_fen -> Nullable<Int8>,
        status -> Text,
        pledged_quantity -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    orders (id) {
        id -> Uuid,
        product_id -> Uuid,
        buyer_id -> Uuid,
        seller_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        quantity -> Int4,
        unit_price_fen -> Int8,
        total_fen -> Int8,
        note -> Text,
        delivery_name -> Nullable<Text>,
        delivery_phone -> Nullable<Text>,
        delivery_address -> Nullable<Text>,
        delivery_erased_at -> Nullable<Timestamptz>,
        status -> Text,
        tracking_ref -> Nullable<Text>,
        rating -> Nullable<Int2>,
        review -> Nullable<Text>,
        cancel_reason -> Nullable<Text>,
        cancelled_by -> Nullable<Uuid>,
        paid_at -> Nullable<Timestamptz>,
        shipped_at -> Nullable<Timestamptz>,
        received_at -> Nullable<Timestamptz>,
        closed_at -> Nullable<Timestamptz>,
        expires_at -> Nullable<Timestamptz>,
        erase_after -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
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
    pledges (id) {
        id -> Uuid,
        need_id -> Uuid,
        supporter_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        quantity -> Int4,
        message -> Text,
        status -> Text,
        #[max_length = 6]
        receipt_code -> Nullable<Bpchar>,
        receipt_code_failures -> Int4,
        receipt_locked_until -> Nullable<Timestamptz>,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        rejection_reason -> Nullable<Text>,
        delivered_at -> Nullable<Timestamptz>,
        delivery_note -> Nullable<Text>,
        tracking_ref -> Nullable<Text>,
        confirmed_at -> Nullable<Timestamptz>,
        confirmed_by -> Nullable<Uuid>,
        rating -> Nullable<Int2>,
        thanks -> Nullable<Text>,
        closed_at -> Nullable<Timestamptz>,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        offer_id -> Nullable<Uuid>,
        reminded_at -> Nullable<Timestamptz>,
        offer_quantity -> Nullable<Int4>,
    }
}

diesel::table! {
    product_images (id) {
        id -> Uuid,
        product_id -> Uuid,
        position -> Int4,
        display_key -> Text,
        thumb_key -> Text,
        width -> Int4,
        height -> Int4,
        sha256 -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    products (id) {
        id -> Uuid,
        seller_id -> Uuid,
        household_id -> Nullable<Uuid>,
        organization_id -> Nullable<Uuid>,
        listed_by -> Uuid,
        #[max_length = 6]
        county_code -> Varchar,
        #[max_length = 12]
        region_code -> Varchar,
        title -> Text,
        description -> Text,
        category -> Text,
        unit -> Text,
        price_fen -> Int8,
        stock -> Int4,
        households_helped -> Int4,
        status -> Text,
        rejection_reason -> Nullable<Text>,
        certified_by -> Nullable<Uuid>,
        certified_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    project_budget_lines (id) {
        id -> Uuid,
        project_id -> Uuid,
        position -> Int4,
        item -> Text,
        amount_fen -> Int8,
        spent_fen -> Int8,
    }
}

diesel::table! {
    project_pledges (id) {
        id -> Uuid,
        project_id -> Uuid,
        supporter_id -> Uuid,
        amount_fen -> Int8,
        received_fen -> Int8,
        refunded_fen -> Int8,
        message -> Text,
        anonymous -> Bool,
        status -> Text,
        lapsed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    project_receipts (id) {
        id -> Uuid,
        project_id -> Uuid,
        pledge_id -> Uuid,
        amount_fen -> Int8,
        received_on -> Date,
        recorded_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    project_refunds (id) {
        id -> Uuid,
        project_id -> Uuid,
        pledge_id -> Uuid,
        amount_fen -> Int8,
        refunded_on -> Date,
        recorded_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    project_spending (id) {
        id -> Uuid,
        project_id -> Uuid,
        budget_line_id -> Uuid,
        amount_fen -> Int8,
        description -> Text,
        spent_on -> Date,
        image_id -> Nullable<Uuid>,
        display_key -> Nullable<Text>,
        thumb_key -> Nullable<Text>,
        sha256 -> Nullable<Text>,
        recorded_by -> Uuid,
        created_at -> Timestamptz,
        reverses_id -> Nullable<Uuid>,
        reversal_reason -> Nullable<Text>,
        receipt_status -> Nullable<Text>,
        receipt_reviewed_by -> Nullable<Uuid>,
        receipt_reviewed_at -> Nullable<Timestamptz>,
        receipt_withheld_reason -> Nullable<Text>,
    }
}

diesel::table! {
    projects (id) {
        id -> Uuid,
        title -> Text,
        description -> Text,
        #[max_length = 12]
        region_code -> Varchar,
        proposed_by -> Uuid,
        host_organization_id -> Uuid,
        target_fen -> Int8,
        deadline -> Timestamptz,
        status -> Text,
        pledged_fen -> Int8,
        received_fen -> Int8,
        spent_fen -> Int8,
        refunded_fen -> Int8,
        reviewed_by -> Nullable<Uuid>,
        approved_at -> Nullable<Timestamptz>,
        reviewed_at -> Nullable<Timestamptz>,
        rejection_reason -> Nullable<Text>,
        closed_by -> Nullable<Uuid>,
        closed_at -> Nullable<Timestamptz>,
        close_reason -> Nullable<Text>,
        report -> Nullable<Text>,
        settled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        cancel_requested_by -> Nullable<Uuid>,
        cancel_requested_at -> Nullable<Timestamptz>,
        cancel_request_reason -> Nullable<Text>,
    }
}

diesel::table! {
    rectifications (id) {
        id -> Uuid,
        finding_id -> Uuid,
        round_id -> Uuid,
        item_id -> Uuid,
        #[max_length = 12]
        township_code -> Varchar,
        problem_kind -> Text,
        status -> Text,
        deadline -> Timestamptz,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Uuid>,
        answered_at -> Nullable<Timestamptz>,
        accepted_at -> Nullable<Timestamptz>,
        reopened_count -> Int4,
        escalation_level -> Int2,
        escalated_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
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
    revisits (id) {
        id -> Uuid,
        pledge_id -> Uuid,
        need_id -> Uuid,
        household_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        due_at -> Timestamptz,
        outcome -> Nullable<Text>,
        note -> Nullable<Text>,
        answered_by -> Nullable<Uuid>,
        answered_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    search_feed (seq) {
        seq -> Int8,
        xid -> Int8,
        index_name -> Text,
        doc_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    search_followers (id) {
        id -> Uuid,
        position -> Int8,
        seen_at -> Timestamptz,
        created_at -> Timestamptz,
        rebuilt_through -> Int8,
    }
}

diesel::table! {
    search_rebuild_requests (id) {
        id -> Int8,
        requested_at -> Timestamptz,
    }
}

diesel::table! {
    search_tasks (id) {
        id -> Int8,
        task_uid -> Int8,
        index_name -> Text,
        ids -> Jsonb,
        refusals -> Int4,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    stories (id) {
        id -> Uuid,
        subject_type -> Text,
        subject_id -> Uuid,
        household_id -> Uuid,
        #[max_length = 12]
        region_code -> Varchar,
        need_id -> Nullable<Uuid>,
        written_by -> Uuid,
        title -> Text,
        body -> Text,
        status -> Text,
        consent_at -> Nullable<Timestamptz>,
        consent_by -> Nullable<Uuid>,
        consent_spoken -> Nullable<Bool>,
        consent_note -> Nullable<Text>,
        faces_allowed -> Bool,
        submitted_at -> Nullable<Timestamptz>,
        reviewed_by -> Nullable<Uuid>,
        reviewed_at -> Nullable<Timestamptz>,
        rejection_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    story_photos (id) {
        id -> Uuid,
        story_id -> Uuid,
        position -> Int4,
        display_key -> Text,
        thumb_key -> Text,
        width -> Int4,
        height -> Int4,
        sha256 -> Text,
        shows_face -> Bool,
        created_at -> Timestamptz,
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
        email_verified_at -> Nullable<Timestamptz>,
        language -> Text,
        mail_opt_out -> Array<Nullable<Text>>,
        digest_sent_on -> Nullable<Date>,
        token_generation -> Int4,
        honour_show_name -> Bool,
        honour_listed -> Bool,
    }
}

diesel::joinable!(audit_checkpoint_heads -> audit_checkpoints (checkpoint_id));
diesel::joinable!(audit_events -> users (actor_id));
diesel::joinable!(campaign_funds -> campaigns (campaign_id));
diesel::joinable!(campaign_funds -> organizations (organization_id));
diesel::joinable!(campaign_funds -> users (enterprise_id));
diesel::joinable!(campaign_matches -> campaign_funds (fund_id));
diesel::joinable!(campaign_matches -> campaigns (campaign_id));
diesel::joinable!(campaign_matches -> needs (need_id));
diesel::joinable!(campaign_matches -> pledges (pledge_id));
diesel::joinable!(campaign_matches -> users (enterprise_id));
diesel::joinable!(campaign_pledges -> campaigns (campaign_id));
diesel::joinable!(campaign_pledges -> needs (need_id));
diesel::joinable!(campaign_pledges -> pledges (pledge_id));
diesel::joinable!(campaigns -> users (created_by));
diesel::joinable!(check_findings -> check_items (item_id));
diesel::joinable!(check_findings -> users (recorded_by));
diesel::joinable!(check_items -> check_rounds (round_id));
diesel::joinable!(check_items -> regions (region_code));
diesel::joinable!(check_items -> users (decided_by));
diesel::joinable!(check_rounds -> regions (region_code));
diesel::joinable!(check_rounds -> users (checker_id));
diesel::joinable!(complaints -> regions (region_code));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(evidence -> needs (need_id));
diesel::joinable!(evidence -> users (uploaded_by));
diesel::joinable!(household_work -> households (household_id));
diesel::joinable!(household_work -> regions (region_code));
diesel::joinable!(household_work -> users (updated_by));
diesel::joinable!(households -> regions (region_code));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(job_applications -> households (household_id));
diesel::joinable!(job_applications -> job_postings (job_id));
diesel::joinable!(job_applications -> regions (region_code));
diesel::joinable!(job_postings -> organizations (organization_id));
diesel::joinable!(job_postings -> regions (region_code));
diesel::joinable!(job_postings -> users (employer_id));
diesel::joinable!(job_retention_checks -> job_applications (application_id));
diesel::joinable!(job_retention_checks -> regions (region_code));
diesel::joinable!(job_retention_checks -> users (answered_by));
diesel::joinable!(jurisdictions -> regions (region_code));
diesel::joinable!(need_reviews -> needs (need_id));
diesel::joinable!(need_reviews -> users (official_id));
diesel::joinable!(needs -> households (household_id));
diesel::joinable!(needs -> regions (region_code));
diesel::joinable!(needs -> users (posted_by));
diesel::joinable!(offers -> regions (service_area_code));
diesel::joinable!(offers -> users (owner_id));
diesel::joinable!(orders -> products (product_id));
diesel::joinable!(orders -> regions (region_code));
diesel::joinable!(pledges -> needs (need_id));
diesel::joinable!(pledges -> offers (offer_id));
diesel::joinable!(pledges -> regions (region_code));
diesel::joinable!(product_images -> products (product_id));
diesel::joinable!(products -> households (household_id));
diesel::joinable!(products -> organizations (organization_id));
diesel::joinable!(products -> regions (region_code));
diesel::joinable!(project_budget_lines -> projects (project_id));
diesel::joinable!(project_pledges -> projects (project_id));
diesel::joinable!(project_pledges -> users (supporter_id));
diesel::joinable!(project_receipts -> project_pledges (pledge_id));
diesel::joinable!(project_receipts -> projects (project_id));
diesel::joinable!(project_receipts -> users (recorded_by));
diesel::joinable!(project_refunds -> project_pledges (pledge_id));
diesel::joinable!(project_refunds -> projects (project_id));
diesel::joinable!(project_refunds -> users (recorded_by));
diesel::joinable!(project_spending -> project_budget_lines (budget_line_id));
diesel::joinable!(project_spending -> projects (project_id));
diesel::joinable!(projects -> organizations (host_organization_id));
diesel::joinable!(projects -> regions (region_code));
diesel::joinable!(rectifications -> check_findings (finding_id));
diesel::joinable!(rectifications -> check_items (item_id));
diesel::joinable!(rectifications -> check_rounds (round_id));
diesel::joinable!(rectifications -> regions (township_code));
diesel::joinable!(rectifications -> users (answered_by));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(revisits -> households (household_id));
diesel::joinable!(revisits -> needs (need_id));
diesel::joinable!(revisits -> pledges (pledge_id));
diesel::joinable!(revisits -> regions (region_code));
diesel::joinable!(revisits -> users (answered_by));
diesel::joinable!(stories -> households (household_id));
diesel::joinable!(stories -> needs (need_id));
diesel::joinable!(stories -> regions (region_code));
diesel::joinable!(story_photos -> stories (story_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_checkpoint_heads,
    audit_checkpoints,
    audit_events,
    campaign_funds,
    campaign_matches,
    campaign_pledges,
    campaigns,
    check_findings,
    check_items,
    check_rounds,
    complaints,
    email_tokens,
    evidence,
    household_work,
    households,
    idempotency_keys,
    job_applications,
    job_postings,
    job_retention_checks,
    jobs,
    jurisdictions,
    need_reviews,
    needs,
    offers,
    orders,
    organizations,
    pledges,
    product_images,
    products,
    project_budget_lines,
    project_pledges,
    project_receipts,
    project_refunds,
    project_spending,
    projects,
    rectifications,
    refresh_tokens,
    regions,
    revisits,
    search_feed,
    search_followers,
    search_rebuild_requests,
    search_tasks,
    stories,
    story_photos,
    users,
);
