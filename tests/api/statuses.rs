//! Statuses and kinds are closed sets in the database too: each is written as its name and read
//! back as itself, and a name outside the set is an error when read, never a fallback.

use crate::helpers::TestDb;
use bangfu::domain::complaint::ComplaintStatus;
use bangfu::domain::job::JobState;
use bangfu::domain::need::{Category, NeedStatus, Urgency};
use bangfu::domain::offer::OfferStatus;
use bangfu::domain::pledge::PledgeStatus;
use bangfu::domain::Role;
use diesel::dsl::sql;
use diesel::sql_types::Text;
use diesel::IntoSql;
use diesel_async::RunQueryDsl;

#[tokio::test]
async fn statuses_round_trip_and_unknown_names_are_errors() {
    let db = TestDb::new().await;
    let mut conn = db.pool().get().await.unwrap();
    for &s in NeedStatus::ALL {
        let back: NeedStatus = diesel::select(s.into_sql::<Text>())
            .get_result(&mut conn)
            .await
            .unwrap();
        assert_eq!(back, s);
        let name: String = diesel::select(s.into_sql::<Text>())
            .get_result(&mut conn)
            .await
            .unwrap();
        assert_eq!(name, s.as_str());
    }
    for &s in PledgeStatus::ALL {
        let back: PledgeStatus = diesel::select(s.into_sql::<Text>())
            .get_result(&mut conn)
            .await
            .unwrap();
        assert_eq!(back, s);
    }
    let role: Role = diesel::select(sql::<Text>("'social_org'"))
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(role, Role::SocialOrg);

    let bad = || diesel::select(sql::<Text>("'opne'"));
    assert!(bad().get_result::<NeedStatus>(&mut conn).await.is_err());
    assert!(bad().get_result::<PledgeStatus>(&mut conn).await.is_err());
    assert!(bad().get_result::<OfferStatus>(&mut conn).await.is_err());
    assert!(bad()
        .get_result::<ComplaintStatus>(&mut conn)
        .await
        .is_err());
    assert!(bad().get_result::<JobState>(&mut conn).await.is_err());
    assert!(bad().get_result::<Category>(&mut conn).await.is_err());
    assert!(bad().get_result::<Urgency>(&mut conn).await.is_err());
    assert!(bad().get_result::<Role>(&mut conn).await.is_err());
}
