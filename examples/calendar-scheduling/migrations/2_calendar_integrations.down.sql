DROP TABLE calendar_integrations;
