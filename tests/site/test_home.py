def test_home_lists_the_five_themes_in_german(client):
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="de">' in html
    for name in ("Zukunftsfähige Infrastruktur", "Digitale Gesellschaft"):
        assert name in html


def test_rollback_isolates_tests_part_one(make_user):
    make_user(email="isolation@example.org")


def test_rollback_isolates_tests_part_two(session):
    from engage.accounts.models import User

    assert session.query(User).filter_by(email="isolation@example.org").count() == 0
