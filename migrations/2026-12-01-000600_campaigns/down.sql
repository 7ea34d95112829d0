DROP TABLE campaign_matches;
DROP TABLE campaign_pledges;
DROP TABLE campaign_funds;
DROP TABLE campaigns;
